import type { Services } from '../src/lib/server/services.ts';
import { diffSessions } from '../src/lib/server/interop/event-diff.ts';
import type { EventFile, Session } from '../src/lib/shared/event-schema.ts';
import { sessionStatus } from '../src/lib/shared/programme.ts';
import type { Conductor } from './conductor.ts';

const TIME_FIELDS = new Set(['start', 'end', 'room']);

/**
 * What follows a saved programme change, once per cluster (the node that saved it): the
 * conductor forgets the transitions of what moved, so countdowns and moves happen at the new
 * times; people in the room of a live session that was cancelled go back to the programme;
 * people placed in a session that moved or was cancelled are told.
 */
export async function afterProgrammeChange(
	services: Services,
	conductor: Conductor,
	previous: EventFile,
	next: EventFile
): Promise<void> {
	const { realtime, signup, clock } = services;
	const now = clock.now();
	const diff = diffSessions(previous, next);
	const moved = diff.changed
		.filter((c) => c.changes.some((f) => TIME_FIELDS.has(f.field)))
		.map((c) => next.sessions.find((s) => s.id === c.id)!);
	const oldRounds = new Map(previous.rounds.map((r) => [r.id, r]));
	const movedRounds = next.rounds.filter((r) => {
		const old = oldRounds.get(r.id);
		return (
			!old ||
			Date.parse(old.start) !== Date.parse(r.start) ||
			Date.parse(old.end) !== Date.parse(r.end)
		);
	});
	const previousStart = new Map(
		[...previous.sessions, ...previous.rounds].map((x) => [x.id, Date.parse(x.start)])
	);
	await conductor.forget(
		[...moved, ...diff.removed, ...movedRounds].map((x) => ({
			id: x.id,
			start: Date.parse(x.start),
			end: Date.parse(x.end),
			previousStart: previousStart.get(x.id)
		})),
		now
	);
	for (const session of diff.removed)
		if (sessionStatus(session, now) === 'live')
			realtime?.toRoom(session.id, 'room:move', {
				destination: { kind: 'lobby' },
				reason: 'cancelled'
			});
	const tell = async (session: Session, change: 'moved' | 'cancelled') => {
		if (!session.round) return;
		for (const user of await signup.placed(session.round, session.id))
			realtime?.toUser(user, 'programme:session-changed', {
				session: session.id,
				title: session.title,
				change,
				...(change === 'moved' && {
					start: Date.parse(session.start),
					end: Date.parse(session.end)
				})
			});
	};
	for (const session of moved) await tell(session, 'moved');
	for (const session of diff.removed) await tell(session, 'cancelled');
}
