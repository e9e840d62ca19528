import { createHmac, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

/** Turns an account id (with a purpose) into a pseudonym of one scope. */
export type Pseudonymizer = (text: string) => string;

/**
 * Pseudonyms for one scope (a board, a session's polls, a chat room): HMACs under a secret kept in
 * Redis per scope, so a person's pseudonym is stable within the scope, the same on every node,
 * and nobody can trace it back to the account from what is sent or stored. Each secret is read
 * from Redis once per process.
 */
export class PseudonymSecrets {
	readonly #redis: Redis;
	readonly #secrets = new Map<string, Buffer>();

	constructor(redis: Redis) {
		this.#redis = redis;
	}

	/** The pseudonymizer of the scope whose secret lives at `secretKey`. */
	async of(secretKey: string): Promise<Pseudonymizer> {
		let secret = this.#secrets.get(secretKey);
		if (!secret) {
			// The first node to ask creates the secret; every other one reads the same.
			await this.#redis.set(secretKey, randomBytes(32).toString('base64url'), 'NX');
			secret = Buffer.from((await this.#redis.get(secretKey)) ?? '', 'base64url');
			this.#secrets.set(secretKey, secret);
		}
		const key = secret;
		return (text) => createHmac('sha256', key).update(text).digest('base64url');
	}
}
