import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RunningRedis } from '../../server/children/redis-server.ts';
import { ChatSync } from '../../src/lib/client/chat-sync.ts';
import { processGroupAlive, startApp, waitFor, type AppProcess } from '../support/app-process.ts';
import { sessionCookie } from '../support/http.ts';
import { TestClient } from '../support/realtime-client.ts';

const ROOM = 'toolkit-energietransitie';
const CLIENTS = 20;
const RATE_PER_SECOND = 50;
const OUTAGE_MS = 10_000;

let dir: string;
let redis: RunningRedis;
let app: AppProcess;

beforeAll(async () => {
	dir = await mkdtemp(join(tmpdir(), 'plenair-chaos-'));
	redis = await startRedisServer({ bin: 'redis-server', dir });
	app = await startApp({
		NODE_ENV: 'test',
		PLENAIR_NOW: '2022-01-17T17:20:00+01:00',
		REDIS_URL: redis.url
	});
});
afterAll(async () => {
	await app?.stop();
	await redis?.child.stop();
	await rm(dir, { recursive: true, force: true });
});

describe('Redis killed with kill -9 for 10 s while 20 people chat', () => {
	it('keeps every acknowledged message, and the outboxes deliver the rest', async () => {
		const chats: ChatSync[] = [];
		const clients: TestClient[] = [];
		for (let i = 0; i < CLIENTS; i++) {
			const res = await fetch(`${app.url}/guest`, {
				method: 'POST',
				headers: { origin: app.url, 'content-type': 'application/x-www-form-urlencoded' },
				body: new URLSearchParams({ name: `Chaos ${i}` }),
				redirect: 'manual'
			});
			const client = new TestClient(app.url, sessionCookie(res));
			await client.connected();
			const chat = new ChatSync(ROOM, client);
			chat.start();
			clients.push(client);
			chats.push(chat);
		}
		expect(await waitFor(() => chats.every((c) => c.joined), 10_000)).toBe(true);

		// Acknowledged = the server answered ok; ChatSync removes those from its outbox.
		const acknowledged = new Set<string>();
		for (const client of clients)
			client.on('chat:message', (m) => {
				if (m.room === ROOM) acknowledged.add(m.id);
			});
		const typed: string[] = [];
		let n = 0;
		const sender = setInterval(() => {
			const chat = chats[n % CLIENTS];
			typed.push(chat.send(`chaos ${n++}`));
		}, 1000 / RATE_PER_SECOND);

		await new Promise((r) => setTimeout(r, 2000));
		redis.child.signal('SIGKILL');
		await redis.child.exited;
		await new Promise((r) => setTimeout(r, OUTAGE_MS));
		redis = await startRedisServer({ bin: 'redis-server', dir, port: redis.port });
		await new Promise((r) => setTimeout(r, 2000));
		clearInterval(sender);

		// Every message anyone typed ends up stored, once, and the outboxes empty themselves.
		expect(await waitFor(() => chats.every((c) => c.pending.length === 0), 60_000)).toBe(true);
		const check = new Redis(redis.url);
		const stored = await check.hkeys(`chat:{${ROOM}}:ids`);
		const streamLength = await check.xlen(`chat:{${ROOM}}:stream`);
		check.disconnect();
		expect(new Set(stored)).toEqual(new Set(typed));
		expect(streamLength).toBe(typed.length);
		for (const id of acknowledged) expect(stored).toContain(id);
		expect(typed.length).toBeGreaterThan(400);
		clients.forEach((c) => c.close());
	}, 120_000);
});

describe('the local redis-server child', () => {
	it('is restarted by the app when it dies, with its data', async () => {
		const own = await startApp({ NODE_ENV: 'test' });
		try {
			const before = new Redis(own.redis!.url);
			await before.set('survives', 'yes');
			before.disconnect();
			process.kill(-own.redis!.processGroup!, 'SIGKILL');
			expect(await waitFor(() => !processGroupAlive(own.redis!.processGroup!), 5000)).toBe(true);
			expect(
				await waitFor(
					async () => (await fetch(`${own.url}/readyz`).catch(() => undefined))?.status === 200,
					20_000
				)
			).toBe(true);
			const after = new Redis(own.redis!.url);
			expect(await after.get('survives')).toBe('yes');
			after.disconnect();
		} finally {
			await own.stop();
		}
	}, 60_000);
});
