import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RunningRedis } from '../../server/children/redis-server.ts';
import { ChatSync } from '../../src/lib/client/chat-sync.ts';
import { chatKeys } from '../../src/lib/server/redis-keys.ts';
import { startApp, waitFor, type AppProcess } from '../support/app-process.ts';
import { startBalancer } from '../support/balancer.ts';
import { guestCookie } from '../support/http.ts';
import { TestClient } from '../support/realtime-client.ts';

/*
 * A node is stopped on purpose (SIGTERM, a deploy) while people chat through it: it stops taking
 * new events, finishes the writes under way, and exits; its clients move to the other node and
 * their outboxes resend what was not acknowledged. Nothing is lost, nothing is stored twice.
 */

const ROOM = 'toekomst-wooncooperatie';
const PEOPLE = 6;
const EACH = 8;
let nodeA: AppProcess;
let nodeB: AppProcess;
let balancer: Awaited<ReturnType<typeof startBalancer>>;
let dir: string;
let redis: RunningRedis;
const clients: TestClient[] = [];

beforeAll(async () => {
	dir = await mkdtemp(join(tmpdir(), 'plenair-drain-'));
	redis = await startRedisServer({ bin: 'redis-server', dir });
	const env = { NODE_ENV: 'test', PLENAIR_NOW: '2022-01-17T17:20:00+01:00', REDIS_URL: redis.url };
	[nodeA, nodeB] = await Promise.all([startApp(env), startApp(env)]);
	// Every connection goes to node A while it listens, then to node B.
	balancer = await startBalancer([nodeA.port, nodeB.port]);
}, 90_000);

afterAll(async () => {
	clients.forEach((c) => c.close());
	await balancer?.close();
	await Promise.all([nodeA?.stop(), nodeB?.stop()]);
	await redis?.child.stop();
	await rm(dir, { recursive: true, force: true });
});

describe('a node shut down on purpose', () => {
	it('drains: every message sent through it is stored once and reaches everyone, and it exits cleanly', async () => {
		const cookies = await Promise.all(
			Array.from({ length: PEOPLE }, (_, i) => guestCookie(nodeB.url, `Schrijver ${i}`))
		);
		const chats = await Promise.all(
			cookies.map(async (cookie) => {
				const client = new TestClient(balancer.url, cookie);
				clients.push(client);
				await client.connected();
				const chat = new ChatSync(ROOM, client);
				chat.start();
				return chat;
			})
		);
		expect(await waitFor(() => chats.every((c) => c.joined), 10_000)).toBe(true);

		// Everyone writes a message every 400 ms (within the chat's per-person limit); node A gets
		// SIGTERM in the middle of it.
		const sent: string[] = [];
		let stopped: Promise<number | null> | undefined;
		let stoppedAt = 0;
		for (let round = 0; round < EACH; round++) {
			for (const [i, chat] of chats.entries()) sent.push(chat.send(`bericht ${round} van ${i}`));
			if (round === 2) {
				stoppedAt = Date.now();
				stopped = nodeA.stop('SIGTERM');
			}
			await new Promise((r) => setTimeout(r, 400));
		}
		const exitCode = await stopped;
		expect(exitCode).toBe(0);
		expect(Date.now() - stoppedAt).toBeLessThan(15_000);

		// Every outbox empties, and every message is with every person.
		expect(
			await waitFor(
				() => chats.every((c) => c.pending.length === 0 && sent.every((id) => c.messages.has(id))),
				20_000
			)
		).toBe(true);
		expect(chats.flatMap((c) => c.pending.filter((p) => p.error))).toEqual([]);
		// Stored once each: the room's stream holds each id once.
		const client = new Redis(redis.url);
		const entries = await client.xrange(chatKeys.room(ROOM).stream, '-', '+');
		client.disconnect();
		const ids = entries
			.map(([, fields]) => fields[fields.indexOf('id') + 1])
			.filter((id) => sent.includes(id));
		expect(ids.length).toBe(sent.length);
		expect(new Set(ids).size).toBe(sent.length);
		expect(nodeA.output()).toContain('"msg":"shutting down"');
		expect(nodeA.output()).not.toContain('"msg":"handler failed"');
	}, 90_000);
});
