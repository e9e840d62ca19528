import { describe, expect, it } from 'vitest';
import {
	answerProblem,
	resultRows,
	resultsShown,
	tallyFor
} from '../../src/lib/shared/polls/logic.ts';
import {
	PollAnswerSchema,
	PollDraftSchema,
	type Tally
} from '../../src/lib/shared/polls/schema.ts';
import { stageResults } from '../../src/lib/server/stage.ts';
import { withStageChapters } from '../../src/lib/server/recordings/index.ts';
import type { BoardResults } from '../../src/lib/shared/board/results.ts';
import { testPoll } from '../support/poll-fixtures.ts';

const poll = testPoll;

const tally: Tally = {
	poll: poll().id,
	version: 7,
	voters: 3,
	counts: { o1: 2, o2: 1 },
	other: 1,
	others: ['Zorg']
};

describe('poll answers', () => {
	it('fit the poll: known choices, one unless several are allowed, "other" only where offered', () => {
		expect(answerProblem(poll(), { choices: ['o1'] })).toBeUndefined();
		expect(answerProblem(poll(), { choices: ['o9'] })).toBe('unknown_choice');
		expect(answerProblem(poll(), { choices: ['o1', 'o2'] })).toBe('one_choice');
		expect(answerProblem(poll({ multiple: true }), { choices: ['o1', 'o2'] })).toBeUndefined();
		expect(answerProblem(poll(), { choices: [], other: 'x' })).toBe('no_other');
		expect(answerProblem(poll({ other: true }), { choices: ['o1'], other: 'x' })).toBe(
			'one_choice'
		);
		expect(answerProblem(poll({ other: true }), { choices: [], other: 'x' })).toBeUndefined();
	});

	it('are refused by the schema when empty, repeated or too long', () => {
		expect(PollAnswerSchema.safeParse({ choices: [] }).success).toBe(false);
		expect(PollAnswerSchema.safeParse({ choices: ['o1', 'o1'] }).success).toBe(false);
		expect(PollAnswerSchema.safeParse({ choices: [], other: 'x'.repeat(201) }).success).toBe(false);
		expect(PollAnswerSchema.safeParse({ choices: ['o1'], extra: 1 }).success).toBe(false);
	});

	it('drafts need a question and two to ten different choices', () => {
		const ok = { question: 'Vraag', options: ['Ja', 'Nee'] };
		expect(PollDraftSchema.parse(ok)).toMatchObject({ anonymous: true, results: 'live' });
		expect(PollDraftSchema.safeParse({ ...ok, options: ['Ja'] }).success).toBe(false);
		expect(PollDraftSchema.safeParse({ ...ok, options: ['Ja', ' ja '] }).success).toBe(false);
		expect(PollDraftSchema.safeParse({ ...ok, question: '  ' }).success).toBe(false);
		expect(
			PollDraftSchema.safeParse({ ...ok, options: Array.from({ length: 11 }, (_, i) => `${i}`) })
				.success
		).toBe(false);
	});
});

describe('poll results', () => {
	it('rows in the poll’s order with whole percentages of the people who answered', () => {
		expect(resultRows(poll({ other: true }), tally, 'Anders')).toEqual([
			{ id: 'o1', label: 'Wonen', count: 2, percent: 67 },
			{ id: 'o2', label: 'Energie', count: 1, percent: 33 },
			{ id: 'other', label: 'Anders', count: 1, percent: 33 }
		]);
		expect(
			resultRows(poll(), { poll: tally.poll, version: 0, voters: 0, counts: {} }, 'Anders').map(
				(r) => r.percent
			)
		).toEqual([0, 0]);
	});

	it('are cut down per person: counts only when shown, "other" texts only for moderators', () => {
		expect(tallyFor(poll(), tally, true)).toEqual(tally);
		expect(tallyFor(poll(), tally, false)).toEqual({ ...tally, others: undefined });
		expect(tallyFor(poll(), tally, false)).not.toHaveProperty('others');
		const hidden = poll({ results: 'closed' });
		expect(resultsShown(hidden)).toBe(false);
		expect(tallyFor(hidden, tally, false)).toEqual({ poll: tally.poll, version: 7, voters: 3 });
		expect(resultsShown({ ...hidden, status: 'closed' })).toBe(true);
		expect(resultsShown({ ...hidden, revealed: true })).toBe(true);
	});
});

describe('a brainstorm on stage', () => {
	const note = (text: string, votes: number, rank: number) => ({
		id: text,
		rank,
		text,
		votes,
		groupId: null,
		group: null,
		question: ''
	});
	const results = (over: Partial<BoardResults>): BoardResults => ({
		session: 'b',
		version: 1,
		phase: 'results',
		questions: [],
		anonymous: true,
		votesPerPerson: 3,
		voters: 2,
		totalVotes: 0,
		notes: [],
		groups: [],
		ungrouped: [],
		...over
	});

	it('shows the top five groups with their best three notes', () => {
		const groups = Array.from({ length: 6 }, (_, i) => ({
			id: `g${i}`,
			rank: i + 1,
			name: `Groep ${i + 1}`,
			votes: 10 - i,
			notes: [note('a', 3, 1), note('b', 2, 2), note('c', 1, 3), note('d', 0, 4)]
		}));
		const shown = stageResults(results({ groups }));
		expect(shown.map((r) => r.title)).toEqual([
			'Groep 1',
			'Groep 2',
			'Groep 3',
			'Groep 4',
			'Groep 5'
		]);
		expect(shown[0].notes.map((n) => n.text)).toEqual(['a', 'b', 'c']);
	});

	it('shows the top notes when nobody grouped them', () => {
		const shown = stageResults(
			results({ notes: [note('x', 4, 1), note('y', 4, 1), note('z', 1, 3)] })
		);
		expect(shown).toEqual([
			{ rank: 1, title: 'x', votes: 4, notes: [] },
			{ rank: 1, title: 'y', votes: 4, notes: [] },
			{ rank: 3, title: 'z', votes: 1, notes: [] }
		]);
	});

	it('joins what was shown on stage into a recording’s chapters in time order', () => {
		expect(
			withStageChapters(
				[{ title: 'Opening', atMs: 0 }],
				[
					{ title: 'Peiling: Waar begint u?', atMs: 60_000 },
					{ title: 'Vooraf', atMs: 0 }
				]
			).map((c) => c.title)
		).toEqual(['Opening', 'Vooraf', 'Peiling: Waar begint u?']);
	});
});
