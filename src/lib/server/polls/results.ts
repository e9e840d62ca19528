import { error } from '@sveltejs/kit';
import type { Actor } from '../../shared/policy.ts';
import { resultRows, tallyFor } from '../../shared/polls/logic.ts';
import type { Poll, Tally } from '../../shared/polls/schema.ts';
import { findSession } from '../../shared/programme.ts';
import { authorize, policyContext } from '../auth/guard.ts';
import type { Services } from '../services.ts';
import type { StoredAnswer } from './store.ts';

export interface PollResult {
	poll: Poll;
	tally: Tally;
}

/** The closed polls of a session with their final tallies, for its page: anyone may read them. */
export async function closedPolls(
	services: Pick<Services, 'polls'>,
	session: string
): Promise<PollResult[]> {
	const polls = (await services.polls.list(session)).filter((p) => p.status === 'closed');
	return Promise.all(
		polls.map(async (poll) => ({
			poll,
			tally: tallyFor(poll, await services.polls.tally(poll), false)
		}))
	);
}

export interface PollExport extends PollResult {
	/** Every answer; names only on polls that were not anonymous. */
	answers: StoredAnswer[];
}

/** Everything asked in a session (drafts left out), for its moderators' download. */
export async function pollExport(
	services: Pick<Services, 'polls' | 'event'>,
	sessionId: string,
	actor: Actor | null
): Promise<{ session: string; polls: PollExport[] }> {
	const session = findSession(services.event, sessionId);
	if (!session) error(404, 'No session with this id in the programme.');
	authorize(actor, 'session.moderate', policyContext(services.event, session));
	const polls = (await services.polls.list(session.id)).filter((p) => p.status !== 'draft');
	return {
		session: session.id,
		polls: await Promise.all(
			polls.map(async (poll) => ({
				poll,
				tally: await services.polls.tally(poll),
				answers: await services.polls.answers(poll)
			}))
		)
	};
}

/** One line per choice of each poll (and each "other" text), for a spreadsheet. */
export function pollCsvRows(polls: PollExport[]): (string | number)[][] {
	return [
		['poll', 'question', 'status', 'kind', 'choice', 'count', 'percent', 'answers'],
		...polls.flatMap(({ poll, tally }) => [
			...resultRows(poll, tally, 'other').map((row) => [
				poll.id,
				poll.question,
				poll.status,
				row.id === 'other' ? 'other' : 'choice',
				row.label,
				row.count,
				row.percent,
				tally.voters
			]),
			...(tally.others ?? []).map((text) => [
				poll.id,
				poll.question,
				poll.status,
				'other_text',
				text,
				1,
				'',
				tally.voters
			])
		])
	];
}
