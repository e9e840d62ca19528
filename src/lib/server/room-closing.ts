import type { Redis } from 'ioredis';
import { RedisScript } from './redis-script.ts';

/** Rooms a moderator is closing: one sorted set, session id → close time (ms). */
const CLOSING_ROOMS = 'rooms:closing';

// Removes the entry only if it still holds this close time: a later one set meanwhile stays.
const CLEAR = new RedisScript(`
if redis.call('ZSCORE', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('ZREM', KEYS[1], ARGV[1]) end
return 0
`);

export async function scheduleRoomClose(redis: Redis, session: string, closesAt: number) {
	await redis.zadd(CLOSING_ROOMS, closesAt, session);
}

/** The rooms whose close time has come: [session, closesAt] pairs. */
export async function dueRoomCloses(redis: Redis, now: number): Promise<[string, string][]> {
	const flat = await redis.zrangebyscore(CLOSING_ROOMS, '-inf', now, 'WITHSCORES');
	const due: [string, string][] = [];
	for (let i = 0; i < flat.length; i += 2) due.push([flat[i], flat[i + 1]]);
	return due;
}

export async function clearRoomClose(redis: Redis, session: string, closesAt: string) {
	await CLEAR.run(redis, [CLOSING_ROOMS], [session, closesAt]);
}
