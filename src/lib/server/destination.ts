import type { Destination } from '../shared/realtime/protocol.ts';
import type { EventFile } from '../shared/event-schema.ts';
import { sessionStatus } from '../shared/programme.ts';
import type { RoundSignup } from './round-signup.ts';
import type { RoundTimes } from './round-times.ts';

/**
 * Where the programme wants a person at `now`: their placed session while a sign-up round runs,
 * otherwise a live plenary; undefined when the choice is theirs (parallel livecasts, breaks).
 */
export async function destinationFor(
	deps: { event: EventFile; signup: RoundSignup; rounds: RoundTimes },
	userId: string | undefined,
	now: number
): Promise<Destination | undefined> {
	const round = await deps.rounds.liveSignupRound(now);
	if (round && userId) {
		const placement = await deps.signup.placementOf(round.id, userId);
		if (placement?.status === 'placed') return { kind: 'session', session: placement.session };
	}
	const plenary = deps.event.sessions.find(
		(s) => s.kind === 'plenary' && sessionStatus(s, now) === 'live'
	);
	return plenary ? { kind: 'session', session: plenary.id } : undefined;
}
