import type { Poll, PollAnswer, Tally } from './schema.ts';

/** Why an answer does not fit its poll (a code clients translate), or undefined when it fits. */
export type AnswerProblem = 'unknown_choice' | 'one_choice' | 'no_other';

export function answerProblem(poll: Poll, answer: PollAnswer): AnswerProblem | undefined {
	const known = new Set(poll.options.map((o) => o.id));
	if (answer.choices.some((c) => !known.has(c))) return 'unknown_choice';
	if (answer.other !== undefined && !poll.other) return 'no_other';
	const picked = answer.choices.length + (answer.other === undefined ? 0 : 1);
	if (!poll.multiple && picked > 1) return 'one_choice';
	return undefined;
}

/** Whether everyone may see the tally now (moderators always may). */
export const resultsShown = (poll: Poll): boolean =>
	poll.results === 'live' || poll.status === 'closed' || poll.revealed;

export interface ResultRow {
	/** An option id, or 'other'. */
	id: string;
	label: string;
	count: number;
	/** Share of the people who answered, rounded to whole percents (0 when nobody answered). */
	percent: number;
}

/**
 * The rows of a result in the poll's own order (not sorted by count, so bars do not jump while
 * people answer). With several choices per person the percentages may add up to more than 100.
 */
export function resultRows(poll: Poll, tally: Tally, otherLabel: string): ResultRow[] {
	const counts = tally.counts ?? {};
	const share = (n: number) => (tally.voters === 0 ? 0 : Math.round((100 * n) / tally.voters));
	const rows = poll.options.map((o) => ({
		id: o.id,
		label: o.label,
		count: counts[o.id] ?? 0,
		percent: share(counts[o.id] ?? 0)
	}));
	if (poll.other)
		rows.push({
			id: 'other',
			label: otherLabel,
			count: tally.other ?? 0,
			percent: share(tally.other ?? 0)
		});
	return rows;
}

/** A tally without what this person may not see yet. */
export function tallyFor(poll: Poll, tally: Tally, moderator: boolean): Tally {
	if (moderator) return tally;
	if (resultsShown(poll)) {
		const shared = { ...tally };
		delete shared.others;
		return shared;
	}
	return { poll: tally.poll, version: tally.version, voters: tally.voters };
}
