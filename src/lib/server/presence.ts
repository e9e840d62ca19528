import type { Redis } from 'ioredis';
import type { WebhookEvent } from 'livekit-server-sdk';
import { isRecorder } from './livekit.ts';
import { presenceKeys } from './redis-keys.ts';

/**
 * Who is in which room, from livekit-server's verified webhooks: a live set per session for
 * the counts on the programme, and an attendance log per session for the moderators' report.
 */
export class Presence {
	readonly #redis: Redis;
	readonly #eventSlug: string;

	constructor(redis: Redis, eventSlug: string) {
		this.#redis = redis;
		this.#eventSlug = eventSlug;
	}

	/** The session a LiveKit room belongs to, or undefined for rooms that are not ours. */
	sessionOf(room: string | undefined): string | undefined {
		const prefix = `${this.#eventSlug}--`;
		return room?.startsWith(prefix) ? room.slice(prefix.length) : undefined;
	}

	async record(event: WebhookEvent, at: number): Promise<void> {
		const session = this.sessionOf(event.room?.name);
		if (!session) return;
		const participant = event.participant;
		switch (event.event) {
			case 'participant_joined':
			case 'participant_left': {
				if (!participant || isRecorder(participant.identity)) return;
				const joined = event.event === 'participant_joined';
				const entry = JSON.stringify({
					identity: participant.identity,
					name: participant.name,
					kind: joined ? 'join' : 'leave',
					at
				});
				const tx = this.#redis.multi();
				if (joined) tx.sadd(presenceKeys(session).now, participant.identity);
				else tx.srem(presenceKeys(session).now, participant.identity);
				await tx.rpush(presenceKeys(session).log, entry).exec();
				return;
			}
			case 'room_finished':
				await this.#redis.del(presenceKeys(session).now);
				return;
		}
	}

	/** People in each session's LiveKit room, in one round trip. */
	async counts(sessions: string[]): Promise<Record<string, number>> {
		if (sessions.length === 0) return {};
		const pipeline = this.#redis.pipeline();
		for (const s of sessions) pipeline.scard(presenceKeys(s).now);
		const replies = (await pipeline.exec()) ?? [];
		return Object.fromEntries(sessions.map((s, i) => [s, Number(replies[i]?.[1] ?? 0)]));
	}

	/** One row per person: name, first join, last leave, minutes present. */
	async attendance(session: string, now: number): Promise<AttendanceRow[]> {
		const raw = await this.#redis.lrange(presenceKeys(session).log, 0, -1);
		const people = new Map<string, AttendanceRow & { since?: number }>();
		for (const line of raw) {
			const entry = JSON.parse(line) as {
				identity: string;
				name: string;
				kind: 'join' | 'leave';
				at: number;
			};
			const row = people.get(entry.identity) ?? {
				identity: entry.identity,
				name: entry.name,
				firstJoined: entry.at,
				minutes: 0
			};
			if (entry.kind === 'join') row.since ??= entry.at;
			else if (row.since !== undefined) {
				row.minutes += (entry.at - row.since) / 60_000;
				row.since = undefined;
				row.lastLeft = entry.at;
			}
			people.set(entry.identity, row);
		}
		return [...people.values()].map(({ since, ...row }) => ({
			...row,
			minutes:
				Math.round((row.minutes + (since !== undefined ? (now - since) / 60_000 : 0)) * 10) / 10
		}));
	}
}

export interface AttendanceRow {
	identity: string;
	name: string;
	firstJoined: number;
	lastLeft?: number;
	minutes: number;
}
