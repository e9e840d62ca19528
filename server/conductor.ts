import type { Services } from '../src/lib/server/services.ts';
import type { Destination } from '../src/lib/shared/realtime/protocol.ts';
import { sessionStatus } from '../src/lib/shared/programme.ts';
import { busyRooms } from './conductor-rooms.ts';
import { autoRecord } from '../src/lib/server/recordings/index.ts';
import { log } from '../src/lib/server/log.ts';
import { conductorKeys } from '../src/lib/server/redis-keys.ts';

/** Clients see the round countdown this long before the start. */
export const COUNTDOWN_MS = 60_000;
/** A plenary takes people along only this long after its start, not whoever arrives later. */
export const PLENARY_MOVE_WINDOW_MS = 2 * 60_000;
/** Real milliseconds between ticks: every 500 ms, and in a fast rehearsal every 2 s of programme. */
const tickMs = (speed: number) => Math.max(25, Math.min(500, 2000 / speed));
/** The transitions at a session's or round's start, and at its end (see `#once` below). */
const STARTING = ['countdown', 'start', 'record-start'];
const ENDING = ['end', 'record-stop'];

/**
 * Moves the evening along by the one clock: the countdown before each sign-up round, everyone
 * into their chosen room at its start, back to the plenary at its end, everyone who is not in
 * another live session into a plenary at its start, and rooms a moderator closed early. Every node runs it; a Redis SET NX per transition makes each happen once.
 */
export class Conductor {
	readonly #services: Services;
	#timer?: NodeJS.Timeout;
	#running = false;

	constructor(services: Services) {
		this.#services = services;
	}

	start(): void {
		this.#timer = setInterval(() => void this.tick(), tickMs(this.#services.clock.speed));
	}

	stop(): void {
		clearInterval(this.#timer);
	}

	/** Forgets which transitions happened: after the clock was moved (rehearsals, tests). */
	async reset(): Promise<void> {
		const keys = await this.#services.redis.keys(conductorKeys.all);
		if (keys.length > 0) await this.#services.redis.del(...keys);
	}

	/**
	 * Sessions and rounds that moved (or went): their transitions still ahead under the new
	 * times are forgotten, so they happen again at those times. What already started keeps
	 * its start; an end that moved into the future can end again.
	 */
	async forget(
		moved: { id: string; start: number; end: number; previousStart?: number }[],
		now: number
	): Promise<void> {
		const keys = moved.flatMap(({ id, start, end, previousStart }) => {
			// A round that began keeps its start even when its new start lies ahead: the people in
			// its rooms stay, and no second countdown or move to the same room follows.
			const started = previousStart !== undefined && previousStart <= now;
			const what = [...(start > now && !started ? STARTING : []), ...(end > now ? ENDING : [])];
			return what.map((w) => conductorKeys.transition(`${id}:${w}`));
		});
		if (keys.length > 0) await this.#services.redis.del(...keys);
	}

	async tick(): Promise<void> {
		if (this.#running) return;
		this.#running = true;
		try {
			await this.#step();
		} catch (error) {
			log('conductor').error((error as Error).message);
		} finally {
			this.#running = false;
		}
	}

	async #step(): Promise<void> {
		const { event, clock, rounds, realtime, signup } = this.#services;
		if (!realtime) return;
		const now = clock.now();
		for (const round of event.rounds.filter((r) => r.signup)) {
			const start = Date.parse(round.start);
			const end = await rounds.endOf(round);
			if (now >= start - COUNTDOWN_MS && now < start && (await this.#once(`${round.id}:countdown`)))
				realtime.toAll('round:countdown', { round: round.id, startsAt: start });
			if (now >= start && now < end && (await this.#once(`${round.id}:start`)))
				await this.#moveRound(round.id, (session) => ({ kind: 'session', session }), 'round-start');
			if (now >= end && now < end + 10 * 60_000 && (await this.#once(`${round.id}:end`))) {
				const plenary = event.sessions.find(
					(s) => s.kind === 'plenary' && sessionStatus(s, end) === 'live'
				);
				const next: Destination = plenary
					? { kind: 'session', session: plenary.id }
					: { kind: 'lobby' };
				// Whoever goes straight on into a round that starts now gets that round's move instead.
				const following = event.rounds.find(
					(r) => r.signup && r.id !== round.id && Date.parse(r.start) === end
				);
				const skip = new Set<string>();
				if (following)
					for (const s of event.sessions.filter((x) => x.round === following.id))
						for (const user of await signup.placed(following.id, s.id)) skip.add(user);
				await this.#moveRound(round.id, () => next, 'round-end', skip);
			}
		}
		await this.#plenaries(now);
		await this.#closeRooms(now);
		await autoRecord(this.#services, now, (key) => this.#once(key));
	}

	async #moveRound(
		roundId: string,
		to: (session: string) => Destination,
		reason: 'round-start' | 'round-end',
		skip: ReadonlySet<string> = new Set()
	): Promise<void> {
		const { event, signup, realtime } = this.#services;
		for (const session of event.sessions.filter((s) => s.round === roundId))
			for (const user of await signup.placed(roundId, session.id))
				if (!skip.has(user))
					realtime?.toUser(user, 'room:move', {
						destination: to(session.id),
						reason,
						round: roundId
					});
	}

	/**
	 * Plenaries: the countdown from a minute before, and at the start everyone is taken along,
	 * except the tabs on the room page of another session that is live then (they stay where they
	 * are; a round's end brings them over).
	 */
	async #plenaries(now: number): Promise<void> {
		const { event, realtime } = this.#services;
		if (!realtime) return;
		for (const plenary of event.sessions.filter((s) => s.kind === 'plenary')) {
			const start = Date.parse(plenary.start);
			const busyElsewhere = () => busyRooms(this.#services, plenary.id, now);
			if (
				now >= start - COUNTDOWN_MS &&
				now < start &&
				(await this.#once(`${plenary.id}:countdown`))
			)
				realtime.toAllExcept(busyElsewhere(), 'round:countdown', {
					session: plenary.id,
					startsAt: start
				});
			if (
				now >= start &&
				now < Math.min(start + PLENARY_MOVE_WINDOW_MS, Date.parse(plenary.end)) &&
				(await this.#once(`${plenary.id}:start`))
			)
				realtime.toAllExcept(busyElsewhere(), 'room:move', {
					destination: { kind: 'session', session: plenary.id },
					reason: 'plenary-start'
				});
		}
	}

	/** Rooms whose close time has come (one read per tick, not one per room). */
	async #closeRooms(now: number): Promise<void> {
		const { roomClosing, realtime } = this.#services;
		for (const [session, closesAt] of await roomClosing.due(now)) {
			if (await this.#once(`${session}:closed:${closesAt}`))
				realtime?.toRoom(session, 'room:move', {
					destination: { kind: 'lobby' },
					reason: 'closed'
				});
			await roomClosing.clear(session, closesAt);
		}
	}

	async #once(key: string): Promise<boolean> {
		const mine =
			(await this.#services.redis.set(
				conductorKeys.transition(key),
				'1',
				'EX',
				7 * 24 * 3600,
				'NX'
			)) === 'OK';
		// The key is "<session or round>:<what>[:<when>]": count by what happened.
		if (mine) this.#services.metrics.transitions.inc({ kind: key.split(':')[1] ?? 'other' });
		return mine;
	}
}
