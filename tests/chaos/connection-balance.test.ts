import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RunningRedis } from '../../server/children/redis-server.ts';
import { startApp, waitFor, type AppProcess } from '../support/app-process.ts';
import { startBalancer } from '../support/balancer.ts';
import { guestCookie } from '../support/http.ts';
import { TestClient } from '../support/realtime-client.ts';

const PEOPLE = 60;

let dir: string;
let redis: RunningRedis;
const nodes: AppProcess[] = [];
let env: Record<string, string>;

beforeAll(async () => {
	dir = await mkdtemp(join(tmpdir(), 'plenair-balance-'));
	redis = await startRedisServer({ bin: 'redis-server', dir });
	env = {
		NODE_ENV: 'test',
		PLENAIR_NOW: '2022-01-17T17:20:00+01:00',
		PLENAIR_GUEST_LIMIT_PER_IP: '1000',
		REDIS_URL: redis.url
	};
	nodes.push(...(await Promise.all([startApp(env), startApp(env)])));
});
afterAll(async () => {
	await Promise.all(nodes.map((n) => n.stop()));
	await redis?.child.stop();
	await rm(dir, { recursive: true, force: true });
});

describe('an app node restarts behind a round-robin balancer', () => {
	it('takes its share of the connections back: the fuller node hands some off, and everyone stays connected', async () => {
		const backends = nodes.map((n) => n.port);
		const balancer = await startBalancer(backends, 'round-robin');
		const cookies = await Promise.all(
			Array.from({ length: PEOPLE }, (_, i) => guestCookie(nodes[0].url, `Bezoeker ${i}`))
		);
		const people = cookies.map((cookie) => new TestClient(balancer.url, cookie));
		const connects = people.map(() => 0);
		const dropped: string[] = [];
		people.forEach((p, i) => {
			p.onConnect(() => connects[i]++);
			p.socket.on('disconnect', (reason) => dropped.push(reason));
		});
		const allConnected = () => people.every((p) => p.socket.connected);
		expect(await waitFor(allConnected, 10_000)).toBe(true);
		const [a, b] = backends;
		expect(balancer.open().get(a)).toBe(PEOPLE / 2);

		// Node B crashes: its people reconnect through the balancer, all to node A.
		await nodes[1].stop('SIGKILL');
		expect(await waitFor(() => allConnected() && balancer.open().get(a) === PEOPLE, 15_000)).toBe(
			true
		);
		expect(balancer.open().get(b)).toBe(0);
		const dropsInCrash = dropped.length;
		const connectsBefore = [...connects];
		expect(dropped.every((reason) => reason === 'transport close')).toBe(true);

		// It comes back on a new port; the balancer sends it new connections only.
		nodes[1] = await startApp(env);
		backends[1] = nodes[1].port;
		const back = nodes[1].port;
		expect(
			await waitFor(() => (balancer.open().get(back) ?? 0) >= PEOPLE / 3 && allConnected(), 40_000)
		).toBe(true);
		// Handed off by the server's word, so they left on their own: no connection was cut.
		expect(dropped.slice(dropsInCrash).every((reason) => reason === 'io client disconnect')).toBe(
			true
		);
		const handedOff = connects.filter((n, i) => n > connectsBefore[i]).length;
		expect(handedOff).toBeGreaterThanOrEqual(PEOPLE / 3);
		expect(balancer.open().get(a)! + balancer.open().get(back)!).toBe(PEOPLE);

		people.forEach((p) => p.close());
		await balancer.close();
	}, 120_000);
});
