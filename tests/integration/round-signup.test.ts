import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RunningRedis } from '../../server/children/redis-server.ts';
import { RoundSignup } from '../../src/lib/server/round-signup.ts';
import type { EventFile } from '../../src/lib/shared/event-schema.ts';

let dir: string;
let server: RunningRedis;
let redis: Redis;
let signup: RoundSignup;

const round = (capacities: Record<string, number>) =>
	({
		sessions: Object.entries(capacities).map(([id, capacity]) => ({ id, round: 'r', capacity }))
	}) as unknown as EventFile;

beforeAll(async () => {
	dir = await mkdtemp(join(tmpdir(), 'plenair-signup-'));
	server = await startRedisServer({ bin: 'redis-server', dir });
	redis = new Redis(server.url);
	signup = new RoundSignup(redis);
});
afterAll(async () => {
	redis.disconnect();
	await server.child.stop();
	await rm(dir, { recursive: true, force: true });
});

describe('round sign-up on a real Redis', () => {
	it('places exactly 30 of 200 concurrent sign-ups and waitlists the rest in order', async () => {
		await signup.configure(round({ a: 30, b: 30 }));
		const users = Array.from({ length: 200 }, (_, i) => `user-${i}`);
		// Each on its own connection, all at once.
		const clients = users.map(() => new Redis(server.url));
		const results = await Promise.all(
			users.map((user, i) => new RoundSignup(clients[i]).choose('r', 'a', user))
		);
		clients.forEach((c) => c.disconnect());

		expect(results.filter((r) => r.placement.status === 'placed')).toHaveLength(30);
		expect(await signup.placed('r', 'a')).toHaveLength(30);
		const waitlist = await signup.waitlist('r', 'a');
		expect(waitlist).toHaveLength(170);
		const positions = results.flatMap((r) =>
			r.placement.status === 'waitlisted' ? [r.placement.position] : []
		);
		expect([...positions].sort((x, y) => x - y)).toEqual(
			Array.from({ length: 170 }, (_, i) => i + 1)
		);
		// First come, first served: the waitlist's order is the order of the positions handed out.
		const positionOf = new Map(
			results.flatMap((r, i) =>
				r.placement.status === 'waitlisted' ? [[users[i], r.placement.position]] : []
			)
		);
		expect(waitlist.map((u) => positionOf.get(u))).toEqual(
			Array.from({ length: 170 }, (_, i) => i + 1)
		);
	});

	it('moves the head of the waitlist up when someone switches or leaves', async () => {
		const head = (await signup.waitlist('r', 'a'))[0];
		const leaver = (await signup.placed('r', 'a'))[0];
		const switched = await signup.choose('r', 'b', leaver);
		expect(switched.placement).toEqual({ status: 'placed', session: 'b' });
		expect(switched.promoted).toBe(head);
		expect(await signup.placementOf('r', head)).toEqual({ status: 'placed', session: 'a' });

		const next = (await signup.waitlist('r', 'a'))[0];
		const left = await signup.leave('r', (await signup.placed('r', 'a'))[0]);
		expect(left.promoted).toBe(next);
		expect((await signup.load('r', 'a')).placed).toBe(30);
	});

	it('keeps a waitlisted person in line when they choose the same session again', async () => {
		const third = (await signup.waitlist('r', 'a'))[2];
		const again = await signup.choose('r', 'a', third);
		expect(again.placement).toEqual({ status: 'waitlisted', session: 'a', position: 3 });
	});

	it('reads every session’s load and a person’s placements in a few pipelined round trips, the same as one by one', async () => {
		await signup.configure(round({ p: 2, q: 5 }));
		for (const user of ['u1', 'u2', 'u3']) await signup.choose('r', 'p', user);
		await signup.choose('r', 'q', 'u4');
		const loads = await signup.loads([
			{ round: 'r', session: 'p' },
			{ round: 'r', session: 'q' }
		]);
		expect(loads).toEqual([
			{ placed: 2, waiting: 1, capacity: 2 },
			{ placed: 1, waiting: 0, capacity: 5 }
		]);
		expect(loads).toEqual([await signup.load('r', 'p'), await signup.load('r', 'q')]);
		expect(await signup.placementsOf(['r', 'nothing'], 'u3')).toEqual([
			{ status: 'waitlisted', session: 'p', position: 1 },
			undefined
		]);
		expect(await signup.placementsOf(['r'], 'u4')).toEqual([{ status: 'placed', session: 'q' }]);
		expect(await signup.loads([])).toEqual([]);
	});
});
