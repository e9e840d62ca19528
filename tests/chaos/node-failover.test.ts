import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatSync } from '../../src/lib/client/chat-sync.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedisServer, type RunningRedis } from '../../server/children/redis-server.ts';
import { RoomClosing } from '../../src/lib/server/room-closing.ts';
import { startApp, waitFor, type AppProcess } from '../support/app-process.ts';
import { startBalancer } from '../support/balancer.ts';
import { registerAndSignIn, submitAction } from '../support/http.ts';
import { TestClient } from '../support/realtime-client.ts';

// Both nodes start their clocks 20 s before break-out round I; node A dies before it starts.
const NOW = '2022-01-17T17:14:40+01:00';
const ROOM = 'toolkit-energietransitie';
let nodeA: AppProcess;
let nodeB: AppProcess;
let balancer: Awaited<ReturnType<typeof startBalancer>>;
let dir: string;
let redis: RunningRedis;

beforeAll(async () => {
	// Redis outlives the nodes, as it would in production; each node has its own LiveKit child.
	dir = await mkdtemp(join(tmpdir(), 'plenair-failover-'));
	redis = await startRedisServer({ bin: 'redis-server', dir });
	const env = { NODE_ENV: 'test', PLENAIR_NOW: NOW, REDIS_URL: redis.url };
	[nodeA, nodeB] = await Promise.all([startApp(env), startApp(env)]);
	balancer = await startBalancer([nodeA.port, nodeB.port]);
});
afterAll(async () => {
	await balancer?.close();
	await Promise.all([nodeA?.stop(), nodeB?.stop()]);
	await redis?.child.stop();
	await rm(dir, { recursive: true, force: true });
});

describe('an app node dies', () => {
	it('its clients reconnect to the other node within 5 s, resync, and the round still starts exactly once', async () => {
		// A person chose a round I session, and is connected through the balancer (to node A).
		const cookie = await registerAndSignIn(nodeB, 'failover@example.org');
		expect((await submitAction(nodeB, '/?/choose', { session: ROOM }, cookie)).type).toBe(
			'success'
		);
		const person = new TestClient(balancer.url, cookie);
		await person.connected();
		const moves: unknown[] = [];
		person.on('room:move', (m) => moves.push(m));
		const chat = new ChatSync(ROOM, person);
		chat.start();
		expect(await waitFor(() => chat.joined, 5000)).toBe(true);

		// A writer on node B keeps talking while node A dies.
		const writer = new TestClient(nodeB.url, cookie);
		await writer.connected();
		const sent: string[] = [];
		const send = async (text: string) => {
			const r = await writer.request('chat:send', {
				room: ROOM,
				id: crypto.randomUUID(),
				kind: 'message',
				text
			});
			if (r.ok) sent.push(r.id);
		};
		await send('voor de storing');

		const killedAt = Date.now();
		await nodeA.stop('SIGKILL');
		for (let i = 0; i < 5; i++) await send(`tijdens de storing ${i}`);

		expect(await waitFor(() => person.socket.connected, 5000)).toBe(true);
		expect(Date.now() - killedAt).toBeLessThan(5000);
		expect(await waitFor(() => sent.every((id) => chat.messages.has(id)), 5000)).toBe(true);

		// Round I starts at 17:15 on the programme clock: node B's conductor moves the person, once.
		expect(await waitFor(() => moves.length > 0, 30_000)).toBe(true);
		// Proof that no second round-start follows: a room close due at once, which node B's
		// conductor sends in a later tick than the round start. Any repeat of the round start by a
		// tick in between would arrive before it on the person's one connection.
		expect((await person.request('room:enter', { session: ROOM })).ok).toBe(true);
		const client = new Redis(redis.url);
		await new RoomClosing(client).schedule(ROOM, 0);
		client.disconnect();
		expect(await waitFor(() => moves.length > 1, 10_000)).toBe(true);
		expect(moves).toEqual([
			{ destination: { kind: 'session', session: ROOM }, reason: 'round-start', round: 'ronde-1' },
			{ destination: { kind: 'lobby' }, reason: 'closed' }
		]);
		person.close();
		writer.close();
	}, 60_000);
});
