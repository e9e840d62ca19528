import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authKeys, roundKeys } from '../../src/lib/server/redis-keys.ts';
import type { ServerEventPayload } from '../../src/lib/shared/realtime/protocol.ts';
import { startAppWithRedis, stopAppWithRedis, type AppProcess } from '../support/app-process.ts';
import { guestCookie, registerAndSignIn, submitAction } from '../support/http.ts';
import { clientPool } from '../support/realtime-client.ts';

/*
 * Round sign-up has two doors: the programme page's `?/choose` and entering a breakout (the
 * token endpoint). The same rules must hold through both: who may sign up, capacity, waitlist
 * order and the "you moved up" notice. The event here is the demo event with every breakout
 * capacity cut to 2.
 */
const SESSION = 'toolkit-energietransitie';
const OTHER = 'toekomst-wooncooperatie';
const ROUND = 'ronde-1';
let app: AppProcess;
let redis: Redis;
let dir: string;
const pool = clientPool();

beforeAll(async () => {
	dir = await mkdtemp(join(tmpdir(), 'plenair-signup-door-'));
	const yaml = await readFile('events/cooperatieven-maken-de-stad/event.yaml', 'utf8');
	const small = yaml.replaceAll(/capacity: \d+/g, 'capacity: 2');
	await writeFile(join(dir, 'event.yaml'), small);
	({ app, redis } = await startAppWithRedis({
		NODE_ENV: 'test',
		PLENAIR_NOW: '2022-01-17T17:20:00+01:00',
		PLENAIR_SIGNIN_LIMIT_PER_IP: '1000',
		PLENAIR_EVENT_FILE: join(dir, 'event.yaml')
	}));
}, 120_000);
afterAll(async () => {
	pool.closeAll();
	await stopAppWithRedis(app, redis);
	await rm(dir, { recursive: true, force: true });
});

const placedIn = (session: string) => redis.zrange(roundKeys(ROUND).placed(session), 0, -1);
const waitingFor = (session: string) => redis.zrange(roundKeys(ROUND).wait(session), 0, -1);

async function enter(session: string, cookie: string) {
	const res = await fetch(`${app.url}/api/sessions/${session}/token`, {
		method: 'POST',
		headers: { cookie }
	});
	return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Chooses a session of the round on the programme page (`?/choose`). */
const choose = (session: string, cookie: string) =>
	submitAction(app, '/?/choose', { round: ROUND, session }, cookie);

async function member(name: string) {
	const cookie = await registerAndSignIn(app, `${name}@example.org`);
	const client = await pool.connect(app.url, cookie);
	const placed: ServerEventPayload<'round:placed'>[] = [];
	client.on('round:placed', (p) => placed.push(p));
	// Their user id (the identity the app gives them in LiveKit), looked up in Redis.
	const id = await redis.hget(authKeys.usersByEmail, `${name}@example.org`);
	return { cookie, placed, id: id ?? 'unknown' };
}

describe('one door per rule: round sign-up', () => {
	it('applies capacity, waitlist order, the guest rule and the moved-up notice through both doors', async () => {
		// Before the round's first seat: who these people are.
		const guest = await guestCookie(app.url, 'Gast');
		const [ann, bob, cas, dirk] = await Promise.all(
			['ann', 'bob', 'cas', 'dirk'].map((n) => member(n))
		);

		// A guest may join breakouts of this open event but may not sign up: the programme page
		// refuses, and entering the room lets them in without taking (or queueing for) a seat.
		const guestChoice = await choose(SESSION, guest);
		expect(guestChoice.status).toBe(403);
		const guestIn = await enter(SESSION, guest);
		expect(guestIn.status).toBe(200);
		const guestId = guestIn.body.identity as string;
		expect(await placedIn(SESSION)).not.toContain(guestId);
		expect(await waitingFor(SESSION)).not.toContain(guestId);
		expect(await redis.hget(roundKeys(ROUND).choice, guestId)).toBeNull();

		// Two seats: Ann through the room, Bob through the programme page.
		expect((await enter(SESSION, ann.cookie)).status).toBe(200);
		const bobChoice = await choose(SESSION, bob.cookie);
		expect(bobChoice.type).toBe('success');
		expect(await placedIn(SESSION)).toEqual([ann.id, bob.id]);

		// Full: Cas waits first through the page, Dirk second through the room.
		const casChoice = await choose(SESSION, cas.cookie);
		expect(casChoice.type).toBe('success');
		expect(casChoice.data).toContain('waitlisted');
		const dirkIn = await enter(SESSION, dirk.cookie);
		expect(dirkIn.status).toBe(409);
		expect(dirkIn.body).toMatchObject({ code: 'room_full', waitlistPosition: 2 });
		expect(typeof dirkIn.body.message).toBe('string');
		expect(dirkIn.body.token).toBeUndefined();
		expect(await waitingFor(SESSION)).toEqual([cas.id, dirk.id]);

		// Now the session is full, a guest is refused too, without a waitlist place.
		const guestFull = await enter(SESSION, guest);
		expect(guestFull.status).toBe(409);
		expect(guestFull.body).toMatchObject({ code: 'room_full', waitlistPosition: null });
		expect(await waitingFor(SESSION)).toEqual([cas.id, dirk.id]);

		// Ann switches by entering another room: Cas moves up and is told, through the room door.
		expect((await enter(OTHER, ann.cookie)).status).toBe(200);
		await expect
			.poll(() => cas.placed, { timeout: 5000 })
			.toEqual([{ round: ROUND, session: SESSION }]);
		expect(await placedIn(SESSION)).toEqual([bob.id, cas.id]);

		// Bob switches on the programme page: Dirk moves up and is told, through the page door.
		const bobSwitch = await choose(OTHER, bob.cookie);
		expect(bobSwitch.type).toBe('success');
		await expect
			.poll(() => dirk.placed, { timeout: 5000 })
			.toEqual([{ round: ROUND, session: SESSION }]);
		expect(await placedIn(SESSION)).toEqual([cas.id, dirk.id]);
		expect(await waitingFor(SESSION)).toEqual([]);
		expect(ann.placed).toEqual([]);
		expect(bob.placed).toEqual([]);
	});
});
