import type { Services } from '../src/lib/server/services.ts';
import type { Destination } from '../src/lib/shared/realtime/protocol.ts';
import { sessionStatus } from '../src/lib/shared/programme.ts';
import { autoRecord } from '../src/lib/server/recordings/index.ts';
import { clearRoomClose, dueRoomCloses } from '../src/lib/server/room-closing.ts';

/** Clients see the round countdown this long before the start. */
export const COUNTDOWN_MS = 60_000;
const TICK_MS = 500;

/**
 * Moves the evening along by the one clock: the countdown before each sign-up round, everyone
 * into their chosen room at its start, back to the plenary at its end, and rooms a moderator
 * closed early. Every node runs it; a Redis SET NX per transition makes each happen once.
 */
export class Conductor {
	private timer?: NodeJS.Timeout;
	private running = false;

	constructor(private readonly services: Services) {}

	start(): void {
		this.timer = setInterval(() => void this.tick(), TICK_MS);
	}

	stop(): void {
		clearInterval(this.timer);
	}

	/** Forgets which transitions happened: after the clock was moved (rehearsals, tests). */
	async reset(): Promise<void> {
		const keys = await this.services.redis.keys('transition:*');
		if (keys.length > 0) await this.services.redis.del(...keys);
	}

	async tick(): Promise<void> {
		if (this.running) return;
		this.running = true;
		try {
			await this.step();
		} catch (error) {
			console.error('[conductor]', (error as Error).message);
		} finally {
			this.running = false;
		}
	}

	private async step(): Promise<void> {
		const { event, clock, rounds, realtime } = this.services;
		if (!realtime) return;
		const now = clock.now();
		for (const round of event.rounds.filter((r) => r.signup)) {
			const start = Date.parse(round.start);
			const end = await rounds.endOf(round);
			if (now >= start - COUNTDOWN_MS && now < start && (await this.once(`${round.id}:countdown`)))
				realtime.toAll('round:countdown', { round: round.id, startsAt: start });
			if (now >= start && now < end && (await this.once(`${round.id}:start`)))
				await this.moveRound(round.id, (session) => ({ kind: 'session', session }), 'round-start');
			if (now >= end && now < end + 10 * 60_000 && (await this.once(`${round.id}:end`))) {
				const plenary = event.sessions.find(
					(s) => s.kind === 'plenary' && sessionStatus(s, end) === 'live'
				);
				const next: Destination = plenary
					? { kind: 'session', session: plenary.id }
					: { kind: 'lobby' };
				await this.moveRound(round.id, () => next, 'round-end');
			}
		}
		await this.closeRooms(now);
		await autoRecord(this.services, now, (key) => this.once(key));
	}

	private async moveRound(
		roundId: string,
		to: (session: string) => Destination,
		reason: 'round-start' | 'round-end'
	): Promise<void> {
		const { event, signup, realtime } = this.services;
		for (const session of event.sessions.filter((s) => s.round === roundId))
			for (const user of await signup.placed(roundId, session.id))
				realtime?.toUser(user, 'room:move', { destination: to(session.id), reason });
	}

	/** Rooms whose close time has come (one read per tick, not one per room). */
	private async closeRooms(now: number): Promise<void> {
		const { redis, realtime } = this.services;
		for (const [session, closesAt] of await dueRoomCloses(redis, now)) {
			if (await this.once(`${session}:closed:${closesAt}`))
				realtime?.toRoom(session, 'room:move', {
					destination: { kind: 'lobby' },
					reason: 'closed'
				});
			await clearRoomClose(redis, session, closesAt);
		}
	}

	private async once(key: string): Promise<boolean> {
		return (
			(await this.services.redis.set(`transition:${key}`, '1', 'EX', 7 * 24 * 3600, 'NX')) === 'OK'
		);
	}
}
