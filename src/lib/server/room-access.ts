import type { Redis } from 'ioredis';
import type { EventFile, Session } from '../shared/event-schema.ts';
import type { RemovedPerson } from '../shared/realtime/rooms.ts';
import type { ChatStore } from './chat/chat-store.ts';
import { roomNameFor } from './livekit.ts';
import { roomKeys } from './redis-keys.ts';
import type { Services } from './services.ts';

/*
 * Who must stay out of a session's room. A moderator's removal is kept per session in one hash
 * (identity → { name, at }, roomKeys.removed in redis-keys.ts) that expires some hours after the
 * session ends, so removals never pile up; a chat ban (room or event) keeps someone out as well.
 * The token endpoint asks `refusalFor` before it mints a token, so a removed person cannot simply
 * reconnect.
 */

/** How long a removal is kept after the session's (extended) end. */
export const REMOVAL_KEPT_AFTER_END_MS = 6 * 3600_000;

export class RoomAccess {
	readonly #redis: Redis;
	readonly #chat: ChatStore;

	constructor(redis: Redis, chat: ChatStore) {
		this.#redis = redis;
		this.#chat = chat;
	}

	/** Records a removal at `at`, kept for `ttlMs`. */
	async remove(
		session: string,
		person: { identity: string; name: string },
		at: number,
		ttlMs: number
	): Promise<void> {
		const key = roomKeys.removed(session);
		await this.#redis
			.multi()
			.hset(key, person.identity, JSON.stringify({ name: person.name, at }))
			.pexpire(key, ttlMs)
			.exec();
	}

	/** Lets a removed person back in; true when they were removed. */
	async readmit(session: string, identity: string): Promise<boolean> {
		return (await this.#redis.hdel(roomKeys.removed(session), identity)) === 1;
	}

	async removed(session: string): Promise<RemovedPerson[]> {
		const all = await this.#redis.hgetall(roomKeys.removed(session));
		return Object.entries(all)
			.map(([identity, raw]) => {
				try {
					const { name, at } = JSON.parse(raw) as { name?: unknown; at?: unknown };
					return { identity, name: String(name ?? ''), at: Number(at ?? 0) };
				} catch {
					return { identity, name: '', at: 0 };
				}
			})
			.sort((a, b) => a.at - b.at);
	}

	/** Why this person may not enter the session's room now, if they may not. */
	async refusalFor(session: string, identity: string): Promise<'removed' | 'banned' | undefined> {
		const [removed, banned] = await Promise.all([
			this.#redis.hexists(roomKeys.removed(session), identity),
			this.#chat.isBanned(session, identity)
		]);
		if (banned) return 'banned';
		if (removed) return 'removed';
		return undefined;
	}
}

/** The session's end, with its round's extension when it has one. */
export async function endOf(services: Pick<Services, 'event' | 'rounds'>, session: Session) {
	const round = services.event.rounds.find((r) => r.id === session.round);
	const end = Date.parse(session.end);
	return round ? Math.max(end, await services.rounds.endOf(round)) : end;
}

/**
 * Records a removal. The expiry is computed against the programme clock (which may run at another
 * time than Redis, e.g. in a demo or test), as a TTL rather than an absolute instant.
 */
export async function recordRemoval(
	services: Pick<Services, 'roomAccess' | 'event' | 'rounds' | 'clock'>,
	session: Session,
	person: { identity: string; name: string }
): Promise<void> {
	const now = services.clock.now();
	const ttlMs = Math.max(0, (await endOf(services, session)) - now) + REMOVAL_KEPT_AFTER_END_MS;
	await services.roomAccess.remove(session.id, person, now, ttlMs);
}

/**
 * Ends someone's LiveKit presence in the given sessions' rooms (all rooms LiveKit has open when
 * none are given); answers the sessions they were actually in.
 */
export async function removeFromRooms(
	services: Pick<Services, 'livekit'> & { event: Pick<EventFile, 'event' | 'sessions'> },
	identity: string,
	sessions?: string[]
): Promise<string[]> {
	const { rooms } = services.livekit;
	const slug = services.event.event.slug;
	let ids = sessions;
	if (!ids) {
		const open = new Set((await rooms.listRooms()).map((r) => r.name));
		ids = services.event.sessions.map((s) => s.id).filter((id) => open.has(roomNameFor(slug, id)));
	}
	const done = await Promise.all(
		ids.map((id) =>
			rooms.removeParticipant(roomNameFor(slug, id), identity).then(
				() => id,
				() => undefined
			)
		)
	);
	return done.filter((id): id is string => id !== undefined);
}
