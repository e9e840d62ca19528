import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freeTcpPort } from '../../server/children/free-port.ts';
import { startRedisServer, type RunningRedis } from '../../server/children/redis-server.ts';
import { startApp, waitFor, type AppProcess } from '../support/app-process.ts';
import { TestClient } from '../support/realtime-client.ts';

let app: AppProcess | undefined;
let redis: RunningRedis | undefined;
let dir: string | undefined;
afterAll(async () => {
	await app?.stop();
	await redis?.child.stop();
	if (dir) await rm(dir, { recursive: true, force: true });
});

describe('Redis unreachable at start-up', () => {
	it('starts anyway, says so on /readyz and with 503 pages, and recovers when Redis comes', async () => {
		const port = await freeTcpPort();
		app = await startApp({ NODE_ENV: 'test', REDIS_URL: `redis://127.0.0.1:${port}` });

		expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
		const ready = await fetch(`${app.url}/readyz`);
		expect(ready.status).toBe(503);
		expect(await ready.json()).toMatchObject({ ready: false, checks: { redis: { ok: false } } });
		const page = await fetch(app.url, { headers: { accept: 'text/html' } });
		expect(page.status).toBe(503);
		expect(await page.text()).toContain('Even niet bereikbaar');
		const api = await fetch(`${app.url}/api/sessions/plenaire-opening/token`, { method: 'POST' });
		expect(api.status).toBe(503);
		expect(await api.json()).toMatchObject({ message: expect.stringContaining('unavailable') });

		// A realtime handshake is refused at once, and the client tries again by itself.
		const client = new TestClient(app.url);
		const refusals: string[] = [];
		client.socket.on('connect_error', (error) => refusals.push(error.message));
		expect(await waitFor(() => refusals.length > 0, 5000)).toBe(true);
		expect(refusals[0]).toBe('authentication unavailable, please retry');

		dir = await mkdtemp(join(tmpdir(), 'plenair-late-redis-'));
		redis = await startRedisServer({ bin: 'redis-server', dir, port });
		expect(
			await waitFor(async () => (await fetch(`${app!.url}/readyz`)).status === 200, 20_000)
		).toBe(true);
		expect((await fetch(app.url)).status).toBe(200);
		// Socket.IO gives up after a refused handshake: this connection is the client's own retry.
		expect(await waitFor(() => client.socket.connected, 10_000)).toBe(true);
		client.close();
	}, 60_000);
});
