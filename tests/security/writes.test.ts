import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingKeys } from '../../src/lib/server/redis-keys.ts';
import { cliInvite } from '../support/admin-cli.ts';
import { startAppWithRedis, stopAppWithRedis, type AppProcess } from '../support/app-process.ts';
import { registerAndSignIn } from '../support/http.ts';
import { clientPool } from '../support/realtime-client.ts';

/*
 * Writes that name something a client made up, and floods of them: every one refused with a clear
 * code, and nothing left behind in Redis that has neither an expiry nor a bound.
 */
const ROOM = 'toolkit-energietransitie';
let app: AppProcess;
let redis: Redis;
const pool = clientPool();

beforeAll(async () => {
	({ app, redis } = await startAppWithRedis({
		NODE_ENV: 'test',
		PLENAIR_NOW: '2022-01-17T17:20:00+01:00',
		PLENAIR_SIGNIN_LIMIT_PER_IP: '1000',
		// The recorder's own keys of record: true sessions would come and go beside the counts.
		PLENAIR_AUTO_RECORD: 'false'
	}));
}, 120_000);
afterAll(async () => {
	pool.closeAll();
	await stopAppWithRedis(app, redis);
});

const connect = (cookie: string) => pool.connect(app.url, cookie);

/** Every key with its remaining time to live in ms (-1: none). */
async function keysWithTtl(): Promise<Map<string, number>> {
	const keys: string[] = [];
	let cursor = '0';
	do {
		const [next, batch] = await redis.scan(cursor, 'COUNT', 1000);
		keys.push(...batch);
		cursor = next;
	} while (cursor !== '0');
	const ttls = await Promise.all(keys.map((k) => redis.pttl(k)));
	return new Map(keys.map((k, i) => [k, ttls[i]]));
}

/** The app's own work while a test runs (the recorder's state of live sessions), not the client's. */
const recorderOwn = (key: string) => key.startsWith(recordingKeys.prefix);

/** Sizes of the hashes, sets and lists a write could grow, keyed by name. */
async function sizes(keys: Iterable<string>): Promise<Map<string, number>> {
	const out = new Map<string, number>();
	for (const key of keys) {
		if (recorderOwn(key)) continue;
		const type = await redis.type(key);
		if (type === 'hash') out.set(key, await redis.hlen(key));
		else if (type === 'set') out.set(key, await redis.scard(key));
		else if (type === 'list') out.set(key, await redis.llen(key));
		else if (type === 'zset') out.set(key, await redis.zcard(key));
	}
	return out;
}

describe('writes that name a message', () => {
	it('refuses 500 upvotes of made-up messages, creating no key without an expiry', async () => {
		const attacker = await connect(await registerAndSignIn(app, 'flood@example.org'));
		const asker = await connect(await registerAndSignIn(app, 'asker@example.org'));
		for (const c of [attacker, asker])
			expect((await c.request('chat:join', { room: ROOM })).ok).toBe(true);
		// Control: a real question can be upvoted, once per person, but not by its asker.
		const asked = await asker.request('chat:send', {
			room: ROOM,
			id: crypto.randomUUID(),
			kind: 'question',
			text: 'Is dit een echte vraag?'
		});
		if (!asked.ok) throw new Error(asked.error);
		const own = await asker.request('qa:upvote', { room: ROOM, messageId: asked.id });
		expect(own).toMatchObject({ ok: false, code: 'forbidden', reason: 'own_question' });
		const vote = await attacker.request('qa:upvote', { room: ROOM, messageId: asked.id });
		expect(vote).toEqual({ ok: true, votes: 1 });

		const before = await keysWithTtl();
		const sizesBefore = await sizes(before.keys());
		const ids = Array.from({ length: 500 }, () => crypto.randomUUID());
		const answers = [];
		for (const messageId of ids)
			answers.push(await attacker.request('qa:upvote', { room: ROOM, messageId }));

		expect(answers.every((a) => !a.ok)).toBe(true);
		const codes = answers.map((a) => (a.ok ? 'ok' : a.code));
		expect(new Set(codes)).toEqual(new Set(['not_found', 'rate_limited']));
		// The limit is per person and small: most of the 500 never reach the message check.
		expect(codes.filter((c) => c === 'rate_limited').length).toBeGreaterThan(400);
		for (const a of answers) if (!a.ok) expect(a.error.length).toBeGreaterThan(5);

		const after = await keysWithTtl();
		const created = [...after.keys()].filter((k) => !before.has(k));
		for (const key of created.filter((k) => !recorderOwn(k)))
			expect(after.get(key), key).toBeGreaterThan(0);
		for (const key of after.keys()) for (const id of ids) expect(key).not.toContain(id);
		// No hash, set or list that existed grew either (votes, voters, states…).
		expect(await sizes(before.keys())).toEqual(sizesBefore);
		expect(await redis.dbsize()).toBe(before.size + created.length);
	});

	it('refuses reports, pins, marks and deletes of made-up messages, storing nothing', async () => {
		const moderator = await connect(
			await registerAndSignIn(app, 'mod-writes@example.org', {
				invite: await cliInvite(app, 'moderator', { session: ROOM })
			})
		);
		const before = await keysWithTtl();
		const sizesBefore = await sizes(before.keys());
		const messageId = crypto.randomUUID();
		for (const answer of [
			await moderator.request('chat:report', { room: ROOM, messageId, reason: 'spam' }),
			await moderator.request('chat:pin', { room: ROOM, messageId }),
			await moderator.request('qa:mark', { room: ROOM, messageId, state: 'answered' }),
			await moderator.request('chat:delete', { room: ROOM, messageId })
		])
			expect(answer).toMatchObject({ ok: false, code: 'not_found' });
		// Mute and ban name a message's author: a made-up message is refused too.
		expect(
			await moderator.request('chat:ban', { room: ROOM, messageId, scope: 'room' })
		).toMatchObject({ ok: false, code: 'not_found' });

		const after = await keysWithTtl();
		for (const key of [...after.keys()].filter((k) => !before.has(k) && !recorderOwn(k)))
			expect(after.get(key), key).toBeGreaterThan(0);
		expect(await sizes(before.keys())).toEqual(sizesBefore);
	});

	it('counts a report once per person and message', async () => {
		const writer = await connect(await registerAndSignIn(app, 'writer@example.org'));
		const reporter = await connect(await registerAndSignIn(app, 'reporter@example.org'));
		expect((await writer.request('chat:join', { room: ROOM })).ok).toBe(true);
		const sent = await writer.request('chat:send', {
			room: ROOM,
			id: crypto.randomUUID(),
			kind: 'message',
			text: 'Iets om te melden'
		});
		if (!sent.ok) throw new Error(sent.error);
		const before = await redis.llen('chat:reports');
		for (let i = 0; i < 5; i++)
			expect((await reporter.request('chat:report', { room: ROOM, messageId: sent.id })).ok).toBe(
				true
			);
		expect(await redis.llen('chat:reports')).toBe(before + 1);
	});
});

describe('chat replay of a breakout', () => {
	it('is refused to those who may not be in the room, like the live chat', async () => {
		const paths = ['', '/video', '/chapters.vtt', '/captions.vtt'];
		for (const path of paths) {
			const res = await fetch(`${app.url}/terugkijken/${ROOM}${path}`);
			expect(res.status, `anonymous ${path}`).toBe(401);
			await res.body?.cancel();
		}
		// Controls: a plenary's recording page is open to anonymous visitors of an open event, and
		// the breakout's page to a member.
		expect((await fetch(`${app.url}/terugkijken/plenaire-opening`)).status).toBe(200);
		const member = await registerAndSignIn(app, 'replay@example.org');
		expect(
			(await fetch(`${app.url}/terugkijken/${ROOM}`, { headers: { cookie: member } })).status
		).toBe(200);
	});
});
