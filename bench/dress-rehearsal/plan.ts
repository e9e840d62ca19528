import type { EventFile } from '../../src/lib/shared/event-schema.ts';

/*
 * What the simulated attendees of a dress rehearsal will do, decided before it starts from a
 * seed: when each arrives and how they sign in, what they sign up for, when they cancel, reload
 * or leave. Pure, so the same seed plays the same evening, and a unit test can read it.
 */

export interface RehearsalWindow {
	/** Programme instants (ms) the rehearsal plays from and to. */
	from: number;
	to: number;
}

export interface AttendeePlan {
	index: number;
	name: string;
	/** A guest (a name only) or an account through a mailed sign-in link. */
	signIn: 'guest' | 'link';
	/** Programme instant of arrival. */
	arriveAt: number;
	/** Per round id: the session chosen, and when (programme time). */
	choices: { round: string; session: string; at: number }[];
	/** A round whose place they give up again before it starts, and when. */
	cancel?: { round: string; at: number };
	/** Programme instant of a page reload (new connection, resync). */
	reloadAt?: number;
	/** Programme instant they close the tab for good. */
	leaveAt?: number;
	/** Joins LiveKit for real (rtc-node), publishing or only watching. */
	media?: 'publish' | 'subscribe';
}

export interface PlanOptions {
	attendees: number;
	window: RehearsalWindow;
	/** How many of them join LiveKit rooms for real. */
	media: number;
	seed: number;
	/** Share who arrive late (after the first half hour), leave early, reload. */
	late?: number;
	early?: number;
	reload?: number;
}

/** A small seeded generator (mulberry32): the same seed, the same evening. */
export function random(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const MINUTE = 60_000;

/**
 * Interest is uneven, as at a real event: the first session of each round draws most, so its
 * rooms fill and waitlists form (weights 6:3:2 and so on).
 */
function pickSession(sessions: string[], r: number): string {
	const weights = sessions.map((_, i) => 6 / (i + 1) ** 1.5);
	const total = weights.reduce((a, b) => a + b, 0);
	let x = r * total;
	for (let i = 0; i < sessions.length; i++) if ((x -= weights[i]) <= 0) return sessions[i];
	return sessions.at(-1)!;
}

export function planEvening(event: EventFile, options: PlanOptions): AttendeePlan[] {
	const rnd = random(options.seed);
	const { from, to } = options.window;
	const span = to - from;
	const rounds = event.rounds
		.filter((r) => r.signup && Date.parse(r.start) > from && Date.parse(r.start) < to)
		.map((r) => ({
			id: r.id,
			start: Date.parse(r.start),
			sessions: event.sessions.filter((s) => s.round === r.id).map((s) => s.id)
		}));
	// People arrive over the first half hour of the window; in a short window, in time to sign
	// up for its first round (at the latest 8 minutes before it).
	const firstRound = rounds[0]?.start ?? to;
	const arrival = Math.max(MINUTE, Math.min(30 * MINUTE, span / 4, firstRound - 8 * MINUTE - from));
	const plans: AttendeePlan[] = [];
	for (let index = 0; index < options.attendees; index++) {
		const late = rnd() < (options.late ?? 0.1);
		// ...and some later: up to the last round's start, or the window's middle.
		const lastRound = rounds.at(-1)?.start ?? from + span / 2;
		const arriveAt = late
			? from + arrival + rnd() * Math.max(0, lastRound - from - arrival - 5 * MINUTE)
			: from + rnd() * arrival;
		// Guests only watch and chat: signing up for a round takes an account (policy.ts).
		// The media sample has accounts, so that it is placed in rounds and moves with them.
		const signIn = index >= options.media && rnd() < 0.4 ? 'guest' : 'link';
		const choices = rounds
			.filter(() => rnd() < 0.9 && signIn === 'link')
			.map((r) => ({
				round: r.id,
				session: pickSession(r.sessions, rnd()),
				// Within a few minutes of arriving, and at the latest 3 minutes before the start.
				at: Math.min(arriveAt + (1 + rnd() * 4) * MINUTE, r.start - 3 * MINUTE)
			}))
			.filter((c) => c.at >= arriveAt);
		const cancelled = choices.length > 0 && rnd() < 0.08 ? choices[0] : undefined;
		const round = rounds.find((r) => r.id === cancelled?.round);
		const cancel =
			cancelled && round && round.start - 2 * MINUTE > cancelled.at
				? {
						round: cancelled.round,
						at: cancelled.at + rnd() * (round.start - 2 * MINUTE - cancelled.at)
					}
				: undefined;
		const reloadAt =
			rnd() < (options.reload ?? 0.3) ? arriveAt + rnd() * (to - arriveAt) : undefined;
		const leaveAt =
			rnd() < (options.early ?? 0.1) ? arriveAt + (0.5 + rnd() / 2) * (to - arriveAt) : undefined;
		plans.push({
			index,
			name: `Deelnemer ${index + 1}`,
			signIn,
			arriveAt,
			choices,
			cancel,
			reloadAt,
			leaveAt,
			// The media sample arrives on time and stays: it checks LiveKit, not the arrivals.
			...(index < options.media ? { media: index % 4 === 0 ? 'publish' : 'subscribe' } : {})
		});
	}
	for (const plan of plans.slice(0, options.media)) {
		plan.arriveAt =
			from + (plan.index / Math.max(1, options.media)) * Math.min(arrival, 5 * MINUTE);
		plan.leaveAt = undefined;
		plan.reloadAt = undefined;
	}
	return plans;
}
