import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Room } from '@livekit/rtc-node';
import { Redis } from 'ioredis';
import { RoomServiceClient } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	livekitBinaryPath,
	pickLivekitPorts,
	startLivekitServer,
	type RunningLivekit
} from '../../server/children/livekit-server.ts';
import { startRedisServer, type RunningRedis } from '../../server/children/redis-server.ts';
import { parseConfig } from '../../src/lib/server/config.ts';
import { LIVEKIT_REDIS_KEYS } from '../../src/lib/server/livekit-nodes.ts';
import {
	startApp,
	TEST_LIVEKIT_KEY,
	TEST_LIVEKIT_SECRET,
	waitFor,
	type AppProcess
} from '../support/app-process.ts';
import { guestCookie } from '../support/http.ts';
import { TestClient } from '../support/realtime-client.ts';

// Round I is live at 17:20: one breakout's room goes down with its node, the other's stays up.
const STRUCK = 'toekomst-wooncooperatie';
const SPARED = 'toolkit-energietransitie';
const roomOf = (session: string) => `cooperatieven-maken-de-stad--${session}`;

let dir: string;
let redis: RunningRedis;
const livekit: RunningLivekit[] = [];
const nodeIds: string[] = [];
let app: AppProcess;

beforeAll(async () => {
	const config = parseConfig(process.env);
	const bin =
		config.LIVEKIT_SERVER_BIN ?? livekitBinaryPath(config.cacheDir, config.LIVEKIT_VERSION);
	dir = await mkdtemp(join(tmpdir(), 'plenair-lk-failover-'));
	redis = await startRedisServer({ bin: config.REDIS_SERVER_BIN, dir });
	const check = new Redis(redis.url);
	// One after the other: each registers in LiveKit's node list, which tells its id.
	for (let i = 0; i < 2; i++) {
		livekit.push(
			await startLivekitServer({
				bin,
				apiKey: TEST_LIVEKIT_KEY,
				apiSecret: TEST_LIVEKIT_SECRET,
				ports: await pickLivekitPorts(),
				redisAddress: `127.0.0.1:${redis.port}`
			})
		);
		const ids = await check.hkeys(LIVEKIT_REDIS_KEYS.nodes);
		nodeIds.push(ids.find((id) => !nodeIds.includes(id))!);
	}
	check.disconnect();
	app = await startApp({
		NODE_ENV: 'test',
		PLENAIR_NOW: '2022-01-17T17:20:00+01:00',
		REDIS_URL: redis.url,
		// The surviving node is the app's LiveKit address; a balancer would pick either.
		LIVEKIT_URL: livekit[0].url,
		LIVEKIT_API_KEY: TEST_LIVEKIT_KEY,
		LIVEKIT_API_SECRET: TEST_LIVEKIT_SECRET
	});
});
afterAll(async () => {
	await app?.stop();
	for (const node of livekit) await node.child.stop();
	await redis?.child.stop();
	await rm(dir, { recursive: true, force: true });
});

async function attendee(name: string, session: string) {
	const cookie = await guestCookie(app.url, name);
	const client = new TestClient(app.url, cookie);
	await client.connected();
	const entered = await client.request('room:enter', { session });
	if (!entered.ok) throw new Error(entered.error);
	const told: string[] = [];
	client.on('room:media-rejoin', ({ session }) => told.push(session));
	const join = async () => {
		const res = await fetch(`${app.url}/api/sessions/${session}/token`, {
			method: 'POST',
			headers: { cookie, origin: app.url }
		});
		const grant = (await res.json()) as { url: string; token: string };
		const room = new Room();
		await room.connect(grant.url, grant.token, { autoSubscribe: true, dynacast: false });
		return room;
	};
	return { client, told, join };
}

describe('a livekit-server node dies (kill -9) while its rooms are in use', () => {
	it('tells the people in its rooms to join again within seconds, and they land on a live node', async () => {
		const rooms = new RoomServiceClient(livekit[0].httpUrl, TEST_LIVEKIT_KEY, TEST_LIVEKIT_SECRET);
		await rooms.createRoom({ name: roomOf(STRUCK), nodeId: nodeIds[1], emptyTimeout: 600 });
		await rooms.createRoom({ name: roomOf(SPARED), nodeId: nodeIds[0], emptyTimeout: 600 });
		const struck = await attendee('Tamara', STRUCK);
		const spared = await attendee('Umut', SPARED);
		const before = [await struck.join(), await spared.join()];
		const placed = new Redis(redis.url);
		expect(await placed.hgetall(LIVEKIT_REDIS_KEYS.roomNodes)).toMatchObject({
			[roomOf(STRUCK)]: nodeIds[1],
			[roomOf(SPARED)]: nodeIds[0]
		});

		livekit[1].child.signal('SIGKILL');
		await livekit[1].child.exited;
		// Well before LiveKit's own ping timeout (15 s or more) would tell the client.
		expect(await waitFor(() => struck.told.length > 0, 14_000)).toBe(true);
		expect(struck.told).toEqual([STRUCK]);

		// Joining again with a fresh token: LiveKit places the room on the live node.
		const again = await struck.join();
		expect(again.isConnected).toBe(true);
		expect(await placed.hget(LIVEKIT_REDIS_KEYS.roomNodes, roomOf(STRUCK))).toBe(nodeIds[0]);

		// Told once, and nobody in a room on the live node was disturbed.
		expect(struck.told).toEqual([STRUCK]);
		expect(spared.told).toEqual([]);
		expect(before[1].isConnected).toBe(true);

		placed.disconnect();
		for (const room of [...before, again]) await room.disconnect().catch(() => {});
		struck.client.close();
		spared.client.close();
	}, 60_000);
});
