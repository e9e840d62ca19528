import type { Redis } from 'ioredis';
import type { EventFile } from '../shared/event-schema.ts';

/*
 * Round sign-up with capacity and a waitlist, kept in Redis and changed only by Lua scripts, so
 * concurrent sign-ups can never put a session over capacity. All keys of a round share the hash
 * tag {round:<id>} (one slot on a Redis Cluster).
 *   choice    HASH  user → session
 *   placed:S  ZSET  user → arrival number when placed   (at most capacity:S members)
 *   wait:S    ZSET  user → arrival number on the waitlist
 *   seq       a counter: arrival numbers follow the order Redis ran the sign-ups in, so the
 *             waitlist is first come, first served across every app node
 *   capacity  HASH  session → capacity
 */
const keys = (round: string) => {
	const tag = `round:{${round}}`;
	return { choice: `${tag}:choice`, capacity: `${tag}:capacity`, prefix: tag };
};

/** Shared by choose and leave: takes a user out of a session and moves the waitlist up. */
const REMOVE_AND_PROMOTE = `
local function remove_and_promote(prefix, session, user, order)
	local placed = prefix .. ':placed:' .. session
	local wait = prefix .. ':wait:' .. session
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

// KEYS: choice, capacity  ARGV: prefix, user, session  → {status, position, promoted}
const CHOOSE = `${REMOVE_AND_PROMOTE}
local prefix, user, session = ARGV[1], ARGV[2], ARGV[3]
local order = redis.call('INCR', prefix .. ':seq')
local previous = redis.call('HGET', KEYS[1], user)
local promoted = false
if previous and previous ~= session then promoted = remove_and_promote(prefix, previous, user, order) end
redis.call('HSET', KEYS[1], user, session)
local placed = prefix .. ':placed:' .. session
local wait = prefix .. ':wait:' .. session
if redis.call('ZSCORE', placed, user) then return {'placed', 0, promoted} end
local capacity = tonumber(redis.call('HGET', KEYS[2], session) or '0')
if not redis.call('ZSCORE', wait, user) and redis.call('ZCARD', placed) < capacity then
	redis.call('ZADD', placed, order, user)
	return {'placed', 0, promoted}
end
redis.call('ZADD', wait, 'NX', order, user)
return {'waitlisted', redis.call('ZRANK', wait, user) + 1, promoted}
`;

// KEYS: choice  ARGV: prefix, user → promoted user or false
const LEAVE = `${REMOVE_AND_PROMOTE}
local previous = redis.call('HGET', KEYS[1], ARGV[2])
if not previous then return false end
redis.call('HDEL', KEYS[1], ARGV[2])
return remove_and_promote(ARGV[1], previous, ARGV[2], redis.call('INCR', ARGV[1] .. ':seq'))
`;

export type Placement =
	| { status: 'placed'; session: string }
	| { status: 'waitlisted'; session: string; position: number };

export interface SessionLoad {
	placed: number;
	waiting: number;
	capacity: number;
}

export class RoundSignup {
	constructor(private readonly redis: Redis) {}

	/** Writes each session's capacity from the event file (at start-up). */
	async configure(event: EventFile): Promise<void> {
		const tx = this.redis.multi();
		for (const session of event.sessions)
			if (session.round && session.capacity)
				tx.hset(keys(session.round).capacity, session.id, session.capacity);
		await tx.exec();
	}

	/** Chooses (or switches to) a session; returns the placement and whoever moved up. */
	async choose(
		round: string,
		session: string,
		user: string
	): Promise<{ placement: Placement; promoted?: string }> {
		const k = keys(round);
		const [status, position, promoted] = (await this.redis.eval(
			CHOOSE,
			2,
			k.choice,
			k.capacity,
			k.prefix,
			user,
			session
		)) as [string, number, string | null];
		const placement: Placement =
			status === 'placed'
				? { status: 'placed', session }
				: { status: 'waitlisted', session, position };
		return { placement, promoted: promoted || undefined };
	}

	async leave(round: string, user: string): Promise<{ promoted?: string }> {
		const k = keys(round);
		const promoted = (await this.redis.eval(LEAVE, 1, k.choice, k.prefix, user)) as string | null;
		return { promoted: promoted || undefined };
	}

	async placementOf(round: string, user: string): Promise<Placement | undefined> {
		const k = keys(round);
		const session = await this.redis.hget(k.choice, user);
		if (!session) return undefined;
		const [placed, rank] = await Promise.all([
			this.redis.zscore(`${k.prefix}:placed:${session}`, user),
			this.redis.zrank(`${k.prefix}:wait:${session}`, user)
		]);
		if (placed !== null) return { status: 'placed', session };
		return { status: 'waitlisted', session, position: (rank ?? 0) + 1 };
	}

	async load(round: string, session: string): Promise<SessionLoad> {
		const k = keys(round);
		const [placed, waiting, capacity] = await Promise.all([
			this.redis.zcard(`${k.prefix}:placed:${session}`),
			this.redis.zcard(`${k.prefix}:wait:${session}`),
			this.redis.hget(k.capacity, session)
		]);
		return { placed, waiting, capacity: Number(capacity ?? 0) };
	}

	/** Everyone placed in a session, in the order they got their place. */
	async placed(round: string, session: string): Promise<string[]> {
		return this.redis.zrange(`${keys(round).prefix}:placed:${session}`, 0, -1);
	}

	async waitlist(round: string, session: string): Promise<string[]> {
		return this.redis.zrange(`${keys(round).prefix}:wait:${session}`, 0, -1);
	}
}
