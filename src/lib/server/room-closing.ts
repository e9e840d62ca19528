import type { Redis } from 'ioredis';
import { z } from 'zod';
import { roomKeys } from './redis-keys.ts';
import { defineScript } from './redis-script.ts';

// Removes the entry only if it still holds this close time: a later one set meanwhile stays.
// KEYS: the closing set  ARGV: session, close time → 1 when removed, else 0
const CLEAR = {
	keys: 1,
	reply: z.literal([0, 1]),
	lua: `
if redis.call('ZSCORE', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('ZREM', KEYS[1], ARGV[1]) end
return 0
`
};

/** Rooms a moderator is closing: one sorted set, session id → close time (ms). */
export class RoomClosing {
	readonly #redis: Redis;
	readonly #clear;

	constructor(redis: Redis) {
		this.#redis = redis;
		this.#clear = defineScript(redis, 'roomCloseClear', CLEAR);
	}

	async schedule(session: string, closesAt: number): Promise<void> {
		await this.#redis.zadd(roomKeys.closing, closesAt, session);
	}

	/** The rooms whose close time has come: [session, closesAt] pairs. */
	async due(now: number): Promise<[string, string][]> {
		const flat = await this.#redis.zrangebyscore(roomKeys.closing, '-inf', now, 'WITHSCORES');
		const due: [string, string][] = [];
		for (let i = 0; i < flat.length; i += 2) due.push([flat[i], flat[i + 1]]);
		return due;
	}

	async clear(session: string, closesAt: string): Promise<void> {
		await this.#clear([roomKeys.closing], [session, closesAt]);
	}
}
