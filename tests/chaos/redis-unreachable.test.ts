import { mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { afterAll, describe, expect, it } from 'vitest';
import { freeTcpPort } from '../../server/children/free-port.ts';
import { startRedisServer, type RunningRedis } from '../../server/children/redis-server.ts';
import { startApp, waitFor, type AppProcess } from '../support/app-process.ts';
import { CHROMIUM_LAUNCH } from '../support/chromium.ts';
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

/**
 * A TCP relay in front of the app whose connections can be cut, as a network or balancer
 * would: the browser's WebSocket drops while the app node itself keeps running.
 */
async function relay(): Promise<{
	url: string;
	target: number;
	cut(): void;
	close(): Promise<void>;
}> {
	const sockets = new Set<Socket>();
	const state = { target: 0 };
	const server = createServer((client) => {
		const upstream = connect(state.target, '127.0.0.1');
		for (const [a, b] of [
			[client, upstream],
			[upstream, client]
		]) {
			sockets.add(a);
			a.on('close', () => (sockets.delete(a), b.destroy()));
			a.on('error', () => b.destroy());
		}
		client.pipe(upstream).pipe(client);
	});
	const port = await new Promise<number>((resolve) =>
		server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port))
	);
	return {
		url: `http://127.0.0.1:${port}`,
		set target(value: number) {
			state.target = value;
		},
		get target() {
			return state.target;
		},
		cut: () => sockets.forEach((s) => s.destroy()),
		close: () =>
			new Promise((resolve) => {
				sockets.forEach((s) => s.destroy());
				server.close(() => resolve());
			})
	};
}

describe('Redis unreachable while a page is open', () => {
	let browserApp: AppProcess | undefined;
	let browserRedis: RunningRedis | undefined;
	let browser: Browser | undefined;
	let front: Awaited<ReturnType<typeof relay>> | undefined;
	let redisDir: string | undefined;
	afterAll(async () => {
		await browser?.close();
		await front?.close();
		await browserApp?.stop();
		await browserRedis?.child.stop();
		if (redisDir) await rm(redisDir, { recursive: true, force: true });
	});

	it("the browser's own retry brings the realtime connection back when Redis returns, without a reload", async () => {
		redisDir = await mkdtemp(join(tmpdir(), 'plenair-browser-redis-'));
		browserRedis = await startRedisServer({ bin: 'redis-server', dir: redisDir });
		front = await relay();
		browserApp = await startApp({
			NODE_ENV: 'test',
			PLENAIR_NOW: '2022-01-17T17:20:00+01:00',
			REDIS_URL: browserRedis.url,
			// The page is opened through the relay, so the socket's Origin is the relay's.
			ORIGIN: front.url
		});
		front.target = browserApp.port;

		browser = await chromium.launch(CHROMIUM_LAUNCH);
		const page = await browser.newPage();
		// Socket.IO packets the page receives: "40…" a namespace connect accepted, "44…" refused.
		const frames: string[] = [];
		page.on('websocket', (ws) =>
			ws.on('framereceived', ({ payload }) => frames.push(String(payload)))
		);
		const accepted = () => frames.filter((f) => f.startsWith('40')).length;
		const refused = () => frames.filter((f) => f.startsWith('44')).length;
		let loads = 0;
		page.on('load', () => loads++);

		await page.goto(`${front.url}/sessions/plenaire-opening`);
		expect(await waitFor(() => accepted() === 1, 10_000)).toBe(true);

		// Redis goes away, then the connection drops: every new handshake is refused.
		await browserRedis.child.stop();
		front.cut();
		// Socket.IO gives up after a refused handshake; a second refusal is the page's own retry.
		expect(await waitFor(() => refused() >= 2, 20_000)).toBe(true);
		expect(frames.filter((f) => f.startsWith('44'))[0]).toContain(
			'authentication unavailable, please retry'
		);
		expect(accepted()).toBe(1);

		browserRedis = await startRedisServer({
			bin: 'redis-server',
			dir: redisDir,
			port: browserRedis.port
		});
		expect(await waitFor(() => accepted() === 2, 20_000)).toBe(true);
		// The same page, never reloaded; on the new connection it syncs its clock, and is answered.
		expect(loads).toBe(1);
		const since = frames.lastIndexOf(frames.filter((f) => f.startsWith('40'))[1]);
		expect(
			await waitFor(() => frames.slice(since).some((f) => /^43\d*\[\{"ok":true/.test(f)), 10_000)
		).toBe(true);
	}, 90_000);
});
