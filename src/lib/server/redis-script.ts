import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * A Lua script sent by its SHA1 (EVALSHA), with the full text only when Redis does not know it
 * yet (after a restart or on a new server): hot paths then send a few bytes instead of the script.
 */
export class RedisScript {
	readonly sha: string;

	constructor(readonly lua: string) {
		this.sha = createHash('sha1').update(lua).digest('hex');
	}

	async run(redis: Redis, keys: string[], args: (string | number)[]): Promise<unknown> {
		try {
			return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
		} catch (error) {
			if (!String((error as Error).message).startsWith('NOSCRIPT')) throw error;
			return redis.eval(this.lua, keys.length, ...keys, ...args);
		}
	}
}
