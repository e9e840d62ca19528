import type { Redis } from 'ioredis';
import { z } from 'zod';
import { calendarKeys } from '../redis-keys.ts';
import { defineScript } from '../redis-script.ts';
import { hashToken, newToken } from './tokens.ts';

/*
 * Replaces a person's feed in one step: the old token's hash stops resolving and the new one
 * starts, so two requests that race leave exactly one working address, never an orphan that
 * revoking cannot reach. The person's record holds only the hash and when it was made.
 */
// KEYS: the person's feed record  ARGV: new hash, user id, prefix of owner keys, now → 1
const REPLACE = {
	keys: 1,
	reply: z.literal(1),
	lua: `
local old = redis.call('HGET', KEYS[1], 'hash')
if old then redis.call('DEL', ARGV[3] .. old) end
redis.call('HSET', KEYS[1], 'hash', ARGV[1], 'createdAt', ARGV[4])
redis.call('SET', ARGV[3] .. ARGV[1], ARGV[2])
return 1
`
};

// KEYS: the person's feed record  ARGV: prefix of owner keys → 1 when there was a feed, else 0
const REVOKE = {
	keys: 1,
	reply: z.literal([0, 1]),
	lua: `
local old = redis.call('HGET', KEYS[1], 'hash')
if old then redis.call('DEL', ARGV[1] .. old) end
redis.call('DEL', KEYS[1])
return old and 1 or 0
`
};

/**
 * Each person's own calendar feed sits behind an unguessable token in its URL (calendar apps
 * cannot sign in). Only the token's hash is stored, so the address is shown once, when it is
 * made; making a new one (or revoking) makes the old URL answer 404.
 */
export class PersonalFeeds {
	readonly #redis: Redis;
	readonly #replace;
	readonly #revoke;

	constructor(redis: Redis) {
		this.#redis = redis;
		this.#replace = defineScript(redis, 'calendarFeedReplace', REPLACE);
		this.#revoke = defineScript(redis, 'calendarFeedRevoke', REVOKE);
	}

	/** Makes a new address for this person, replacing any earlier one; returns its token. */
	async create(userId: string, now: number): Promise<string> {
		const token = newToken();
		await this.#replace(
			[calendarKeys.feedRecord(userId)],
			[hashToken(token), userId, calendarKeys.feedOwner(''), now]
		);
		return token;
	}

	/** When this person's current address was made, if they have one. */
	async createdAt(userId: string): Promise<number | undefined> {
		const at = await this.#redis.hget(calendarKeys.feedRecord(userId), 'createdAt');
		return at ? Number(at) : undefined;
	}

	async owner(token: string): Promise<string | undefined> {
		if (token.length > 100) return undefined;
		return (await this.#redis.get(calendarKeys.feedOwner(hashToken(token)))) ?? undefined;
	}

	async revoke(userId: string): Promise<void> {
		await this.#revoke([calendarKeys.feedRecord(userId)], [calendarKeys.feedOwner('')]);
	}
}
