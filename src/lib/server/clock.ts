import type { EventFile } from '../shared/event-schema.ts';

/** The one source of "now" on the server; every time-based decision asks it. */
export interface Clock {
	/** Milliseconds since the epoch, as the programme should see them. */
	now(): number;
}

/** A clock that can be moved: tests and rehearsals jump to an instant. */
export interface SettableClock extends Clock {
	jumpTo(instant: number): void;
	/** Programme milliseconds per real millisecond: 1, or more in a rehearsal. */
	readonly speed: number;
}

/**
 * The programme's clock: from an instant it was set to, running at `speed` times the machine's
 * clock (1 for the event itself and the demo, 10× or 60× in a rehearsal).
 */
export class ProgrammeClock implements SettableClock {
	readonly speed: number;
	#anchor: number;
	#realAnchor: number;
	readonly #realNow: () => number;

	/**
	 * `since` is the real instant at which the clock read `startAt` (default: now). Nodes given the
	 * same three values keep one clock, whenever each of them started.
	 */
	constructor(
		startAt: number | undefined,
		speed = 1,
		realNow: () => number = Date.now,
		since?: number
	) {
		this.speed = speed;
		this.#realNow = realNow;
		this.#realAnchor = since ?? realNow();
		this.#anchor = startAt ?? this.#realAnchor;
	}

	now(): number {
		return this.#anchor + (this.#realNow() - this.#realAnchor) * this.speed;
	}

	jumpTo(instant: number): void {
		this.#anchor = instant;
		this.#realAnchor = this.#realNow();
	}
}

export interface ClockSettings {
	mode: 'demo' | 'real';
	/** Start the clock at this instant (ISO 8601); wins over the mode. */
	startAt?: string;
	/** In demo mode: minutes after the first sign-up round began. */
	demoOffsetMinutes: number;
	/** Programme time per real time (rehearsals); 1 unless given. */
	speed?: number;
	/**
	 * The real instant (ISO 8601) at which the clock read its start; default: when this node
	 * started. Every node of one event gets the same value, so a node that starts later, or
	 * restarts, shows the same programme time as the others.
	 */
	since?: string;
}

/**
 * The instant a demo starts at: a few minutes into the first round with sign-up (or into the
 * event when it has none), so that a fresh `npm start` shows a conference under way.
 */
export function demoInstant(event: EventFile, offsetMinutes: number): number {
	const firstSignupRound = event.rounds
		.filter((r) => r.signup)
		.sort((a, b) => Date.parse(a.start) - Date.parse(b.start))[0];
	const base = Date.parse(firstSignupRound?.start ?? event.event.start);
	return base + offsetMinutes * 60_000;
}

export function createClock(
	settings: ClockSettings,
	event: EventFile,
	realNow: () => number = Date.now
): ProgrammeClock {
	const startAt =
		settings.startAt !== undefined
			? Date.parse(settings.startAt)
			: settings.mode === 'demo'
				? demoInstant(event, settings.demoOffsetMinutes)
				: undefined;
	const since = settings.since !== undefined ? Date.parse(settings.since) : undefined;
	return new ProgrammeClock(startAt, settings.speed ?? 1, realNow, since);
}
