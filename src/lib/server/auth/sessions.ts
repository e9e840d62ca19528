import type { Redis } from 'ioredis';
import { authKeys } from '../redis-keys.ts';
import { hashToken, newToken } from './tokens.ts';

/** Server-side sign-in sessions: the cookie holds a random token, Redis its hash. */
export const SESSION_COOKIE = 'plenair_session';
const TTL_SECONDS = 30 * 24 * 60 * 60;

export interface AuthSession {
	/** The hash of the token: safe to use as an identifier (socket rooms, logs). */
	id: string;
	userId: string;
}

export class SessionStore {
	readonly #redis: Redis;

	constructor(redis: Redis) {
		this.#redis = redis;
	}

	async create(userId: string): Promise<{ token: string; session: AuthSession }> {
		const token = newToken();
		const id = hashToken(token);
		await this.#redis
			.multi()
			.set(authKeys.session(id), userId, 'EX', TTL_SECONDS)
			.sadd(authKeys.userSessions(userId), id)
			.expire(authKeys.userSessions(userId), TTL_SECONDS)
			.exec();
		return { token, session: { id, userId } };
	}

	/** The session of a cookie token, extending its life (sliding expiry). */
	async resolve(token: string | undefined): Promise<AuthSession | undefined> {
		if (!token || token.length > 200) return undefined;
		const id = hashToken(token);
		const userId = await this.#redis.getex(authKeys.session(id), 'EX', TTL_SECONDS);
		return userId ? { id, userId } : undefined;
	}

	async destroy(session: AuthSession): Promise<void> {
		await this.#redis
			.multi()
			.del(authKeys.session(session.id))
			.srem(authKeys.userSessions(session.userId), session.id)
			.exec();
	}

	/** The ids of a person's sign-in sessions (to close their open sockets). */
	async idsOf(userId: string): Promise<string[]> {
		return this.#redis.smembers(authKeys.userSessions(userId));
	}

	/** Ends every session of a person; returns their ids so open sockets can be closed too. */
	async destroyAll(userId: string): Promise<string[]> {
		const ids = await this.#redis.smembers(authKeys.userSessions(userId));
		const tx = this.#redis.multi().del(authKeys.userSessions(userId));
		for (const id of ids) tx.del(authKeys.session(id));
		await tx.exec();
		return ids;
	}
}

export const SESSION_COOKIE_MAX_AGE = TTL_SECONDS;
