import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { EventFile, Round, Session } from '../shared/event-schema.ts';
import { can, type Actor } from '../shared/policy.ts';
import { policyContext } from './auth/policy-context.ts';
import { roundKeys } from './redis-keys.ts';
import { defineScript } from './redis-script.ts';
import type { Services } from './services.ts';

/*
 * Round sign-up with capacity and a waitlist, kept in Redis and changed only by Lua scripts, so
 * concurrent sign-ups can never put a session over capacity. All keys of a round share the hash
 * tag {round:<id>} (one slot on a Redis Cluster; roundKeys in redis-keys.ts has the layout).
 * Arrival numbers come from one counter per round, in the order Redis ran the sign-ups, so the
 * waitlist is first come, first served across every app node. The scripts get the prefixes of
 * the per-session placed and waitlist keys in ARGV.
 */
/** Shared by choose and leave: takes a user out of a session and moves the waitlist up. */
const REMOVE_AND_PROMOTE = `
local function remove_and_promote(placed_prefix, wait_prefix, session, user, order)
	local placed = placed_prefix .. session
	local wait = wait_prefix .. session
	redis.call('ZREM', wait, user)
	if redis.call('ZREM', placed, user) == 1 then
		local head = redis.call('ZRANGE', wait, 0, 0)
		if head[1] then
			redis.call('ZREM', wait, head[1])
			redis.call('ZADD', placed, order, head[1])
			return head[1]
		end
	end
	return false
end
`;

/*
 * KEYS: choice, capacity, seq  ARGV: placed prefix, wait prefix, user, session
 * → {status, position, promoted or nil, previous or nil}
 */
const CHOOSE = {
	keys: 3,
	reply: z.tuple([
		z.literal(['placed', 'waitlisted']),
		z.number().int(),
		z.string().nullable(),
		z.string().nullable()
	]),
	lua: `${REMOVE_AND_PROMOTE}
local placed_prefix, wait_prefix, user, session = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local order = redis.call('INCR', KEYS[3])
local previous = redis.call('HGET', KEYS[1], user)
local promoted = false
if previous and previous ~= session then
	promoted = remove_and_promote(placed_prefix, wait_prefix, previous, user, order)
end
local left = previous or false
redis.call('HSET', KEYS[1], user, session)
local placed = placed_prefix .. session
local wait = wait_prefix .. session
if redis.call('ZSCORE', placed, user) then return {'placed', 0, promoted, left} end
local capacity = tonumber(redis.call('HGET', KEYS[2], session) or '0')
if not redis.call('ZSCORE', wait, user) and redis.call('ZCARD', placed) < capacity then
	redis.call('ZADD', placed, order, user)
	return {'placed', 0, promoted, left}
end
redis.call('ZADD', wait, 'NX', order, user)
return {'waitlisted', redis.call('ZRANK', wait, user) + 1, promoted, left}
`
};

// KEYS: choice, seq  ARGV: placed prefix, wait prefix, user → promoted user or false (nil)
const LEAVE = {
	keys: 2,
	reply: z.string().nullable(),
	lua: `${REMOVE_AND_PROMOTE}
local previous = redis.call('HGET', KEYS[1], ARGV[3])
if not previous then return false end
redis.call('HDEL', KEYS[1], ARGV[3])
return remove_and_promote(ARGV[1], ARGV[2], previous, ARGV[3], redis.call('INCR', KEYS[2]))
`
};

export type Placement =
	| { status: 'placed'; session: string }
	| { status: 'waitlisted'; session: string; position: number };

export interface SessionLoad {
	placed: number;
	waiting: number;
	capacity: number;
}

export class RoundSignup {
	readonly #redis: Redis;
	readonly #choose;
	readonly #leave;

	constructor(redis: Redis) {
		this.#redis = redis;
		this.#choose = defineScript(redis, 'roundChoose', CHOOSE);
		this.#leave = defineScript(redis, 'roundLeave', LEAVE);
	}

	/** Writes each session's capacity from the event file (at start-up). */
	async configure(event: EventFile): Promise<void> {
		const tx = this.#redis.multi();
		for (const session of event.sessions)
			if (session.round && session.capacity)
				tx.hset(roundKeys(session.round).capacity, session.id, session.capacity);
		await tx.exec();
	}

	/**
	 * Chooses (or switches to) a session; returns the placement and whoever moved up, into the
	 * session this person left (`previous`).
	 */
	async choose(
		round: string,
		session: string,
		user: string
	): Promise<{ placement: Placement; promoted?: string; previous?: string }> {
		const k = roundKeys(round);
		const [status, position, promoted, previous] = await this.#choose(
			[k.choice, k.capacity, k.seq],
			[k.placed(''), k.wait(''), user, session]
		);
		const placement: Placement =
			status === 'placed'
				? { status: 'placed', session }
				: { status: 'waitlisted', session, position };
		return { placement, promoted: promoted || undefined, previous: previous || undefined };
	}

	async leave(round: string, user: string): Promise<{ promoted?: string }> {
		const k = roundKeys(round);
		const promoted = await this.#leave([k.choice, k.seq], [k.placed(''), k.wait(''), user]);
		return { promoted: promoted || undefined };
	}

	async placementOf(round: string, user: string): Promise<Placement | undefined> {
		const k = roundKeys(round);
		const session = await this.#redis.hget(k.choice, user);
		if (!session) return undefined;
		const [placed, rank] = await Promise.all([
			this.#redis.zscore(k.placed(session), user),
			this.#redis.zrank(k.wait(session), user)
		]);
		if (placed !== null) return { status: 'placed', session };
		return { status: 'waitlisted', session, position: (rank ?? 0) + 1 };
	}

	/** The load of many sessions in one round trip (the programme page reads every session's). */
	async loads(sessions: { round: string; session: string }[]): Promise<SessionLoad[]> {
		if (sessions.length === 0) return [];
		const pipeline = this.#redis.pipeline();
		for (const { round, session } of sessions) {
			const k = roundKeys(round);
			pipeline.zcard(k.placed(session)).zcard(k.wait(session)).hget(k.capacity, session);
		}
		const replies = (await pipeline.exec()) ?? [];
		const value = (i: number) => {
			const [error, result] = replies[i] ?? [];
			if (error) throw error;
			return result;
		};
		return sessions.map((_, i) => ({
			placed: Number(value(3 * i)),
			waiting: Number(value(3 * i + 1)),
			capacity: Number(value(3 * i + 2) ?? 0)
		}));
	}

	/** One person's placement in each round, in two round trips whatever the number of rounds. */
	async placementsOf(rounds: string[], user: string): Promise<(Placement | undefined)[]> {
		const choices = await Promise.all(
			rounds.map((r) => this.#redis.hget(roundKeys(r).choice, user))
		);
		const pipeline = this.#redis.pipeline();
		rounds.forEach((round, i) => {
			const session = choices[i];
			if (!session) return;
			const k = roundKeys(round);
			pipeline.zscore(k.placed(session), user).zrank(k.wait(session), user);
		});
		const replies = (await pipeline.exec()) ?? [];
		let at = 0;
		return rounds.map((_, i): Placement | undefined => {
			const session = choices[i];
			if (!session) return undefined;
			const [[, placed], [, rank]] = [replies[at], replies[at + 1]] as [unknown, unknown][];
			at += 2;
			if (placed !== null) return { status: 'placed', session };
			return { status: 'waitlisted', session, position: Number(rank ?? 0) + 1 };
		});
	}

	async load(round: string, session: string): Promise<SessionLoad> {
		const k = roundKeys(round);
		const [placed, waiting, capacity] = await Promise.all([
			this.#redis.zcard(k.placed(session)),
			this.#redis.zcard(k.wait(session)),
			this.#redis.hget(k.capacity, session)
		]);
		return { placed, waiting, capacity: Number(capacity ?? 0) };
	}

	/** Everyone placed in a session, in the order they got their place. */
	async placed(round: string, session: string): Promise<string[]> {
		return this.#redis.zrange(roundKeys(round).placed(session), 0, -1);
	}

	async waitlist(round: string, session: string): Promise<string[]> {
		return this.#redis.zrange(roundKeys(round).wait(session), 0, -1);
	}
}

/** What signing up for a session of a round came to. */
export type SignupOutcome =
	| Placement
	/** The policy does not let this person sign up ('round.signup'). */
	| { status: 'forbidden' }
	/** The round is over (with any extension). */
	| { status: 'over' };

/**
 * The one door for round sign-up rules: who may choose, until when, capacity and waitlist order
 * (the Lua script), and the "you moved up" notice to whoever the choice promoted. The programme
 * page's `?/choose` and the token endpoint (entering a breakout signs you up) both call this.
 */
export async function signUp(
	services: Pick<Services, 'event' | 'signup' | 'rounds' | 'clock' | 'realtime'>,
	actor: Actor | null,
	round: Round,
	session: Pick<Session, 'id'>
): Promise<SignupOutcome> {
	if (!actor || !can(actor, 'round.signup', policyContext(services.event)))
		return { status: 'forbidden' };
	if (services.clock.now() >= (await services.rounds.endOf(round))) return { status: 'over' };
	const { placement, promoted, previous } = await services.signup.choose(
		round.id,
		session.id,
		actor.id
	);
	if (promoted && previous)
		services.realtime?.toUser(promoted, 'round:placed', { round: round.id, session: previous });
	return placement;
}

/**
 * Entering a capacity session of a sign-up round through the token endpoint. Members sign up
 * through `signUp` (a seat, or the waitlist). People the policy lets join breakouts but not sign
 * up (guests of an open event: 'session.join' without 'round.signup') never take or queue for a
 * seat: they are let in while the session has a free place, and refused as full otherwise.
 */
export async function admitToRoundSession(
	services: Pick<Services, 'event' | 'signup' | 'rounds' | 'clock' | 'realtime'>,
	actor: Actor | null,
	round: Round,
	session: Pick<Session, 'id' | 'kind'>
): Promise<
	| { status: 'placed' | 'admitted' }
	| { status: 'full'; position?: number }
	| { status: 'forbidden' | 'over' }
> {
	const outcome = await signUp(services, actor, round, session);
	if (outcome.status === 'placed') return { status: 'placed' };
	if (outcome.status === 'waitlisted') return { status: 'full', position: outcome.position };
	if (outcome.status === 'over') return outcome;
	if (!can(actor, 'session.join', policyContext(services.event, session)))
		return { status: 'forbidden' };
	const load = await services.signup.load(round.id, session.id);
	return load.placed < load.capacity ? { status: 'admitted' } : { status: 'full' };
}
