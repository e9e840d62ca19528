import type { EventFile } from '../shared/event-schema.ts';

/** The one source of "now" on the server; every time-based decision asks it. */
export interface Clock {
	/** Milliseconds since the epoch, as the programme should see them. */
	now(): number;
}

/** A clock that can be moved: tests and rehearsals jump to an instant. */
export interface SettableClock extends Clock {
	jumpTo(instant: number): void;
}

/** A clock that runs at real speed, shifted by an offset from the machine's clock. */
export class OffsetClock implements SettableClock {
	offsetMs: number;
	readonly #realNow: () => number;

	constructor(offsetMs: number, realNow: () => number = Date.now) {
		this.offsetMs = offsetMs;
		this.#realNow = realNow;
	}

	now(): number {
		return this.#realNow() + this.offsetMs;
	}

	jumpTo(instant: number): void {
		this.offsetMs = instant - this.#realNow();
	}
}

export interface ClockSettings {
	mode: 'demo' | 'real';
	/** Start the clock at this instant (ISO 8601); wins over the mode. */
	startAt?: string;
	/** In demo mode: minutes after the first sign-up round began. */
	demoOffsetMinutes: number;
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
): OffsetClock {
	const startAt =
		settings.startAt !== undefined
			? Date.parse(settings.startAt)
			: settings.mode === 'demo'
				? demoInstant(event, settings.demoOffsetMinutes)
				: undefined;
	return new OffsetClock(startAt === undefined ? 0 : startAt - realNow(), realNow);
}
