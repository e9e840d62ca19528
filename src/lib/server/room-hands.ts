import type { Redis } from 'ioredis';
import type { RaisedHand } from '../shared/realtime/rooms.ts';
import { roomKeys } from './redis-keys.ts';

/*
 * Raised hands, per session's room: one hash (user id → { name, at }, roomKeys.hands in
 * redis-keys.ts) that expires some hours after the session ends, like removals. Raising again
 * keeps one's place; the list is bounded, so no room collects hands without end.
 */

/** At most this many hands are up in one room at a time. */
export const MAX_HANDS = 500;

export class RoomHands {
	readonly #redis: Redis;

	constructor(redis: Redis) {
		this.#redis = redis;
	}

	/**
	 * Raises a hand at `at`, kept for `ttlMs`; a hand already up keeps its place. False when the
	 * room already has MAX_HANDS hands up.
	 */
	async raise(
		session: string,
		person: { userId: string; name: string },
		at: number,
		ttlMs: number
	): Promise<boolean> {
		const key = roomKeys.hands(session);
		const result = await this.#redis
			.multi()
			.hsetnx(key, person.userId, JSON.stringify({ name: person.name, at }))
			.pexpire(key, ttlMs)
			.hlen(key)
			.exec();
		const added = Number(result?.[0]?.[1] ?? 0) === 1;
		if (added && Number(result?.[2]?.[1] ?? 0) > MAX_HANDS) {
			await this.#redis.hdel(key, person.userId);
			return false;
		}
		return true;
	}

	/** Lowers a hand; true when it was up. */
	async lower(session: string, userId: string): Promise<boolean> {
		return (await this.#redis.hdel(roomKeys.hands(session), userId)) === 1;
	}

	/** The hands that are up, oldest first. */
	async list(session: string): Promise<RaisedHand[]> {
		const all = await this.#redis.hgetall(roomKeys.hands(session));
		return Object.entries(all)
			.map(([userId, raw]) => {
				try {
					const { name, at } = JSON.parse(raw) as { name?: unknown; at?: unknown };
					return { userId, name: String(name ?? ''), at: Number(at ?? 0) };
				} catch {
					return { userId, name: '', at: 0 };
				}
			})
			.sort((a, b) => a.at - b.at || a.userId.localeCompare(b.userId));
	}
}
