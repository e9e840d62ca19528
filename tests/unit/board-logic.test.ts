import { describe, expect, it } from 'vitest';
import {
	applyCommitted,
	commitOp,
	defaultQuestion,
	initialBoard,
	redact,
	validateOp,
	viewFor,
	voteDeltas,
	votesUsed,
	type BoardActor
} from '../../src/lib/shared/board/logic.ts';
import {
	englishLabels,
	escapeMarkdown,
	rankResults,
	resultsCsv,
	resultsMarkdown
} from '../../src/lib/shared/board/results.ts';
import {
	BoardOpSchema,
	BoardSchema,
	type Board,
	type NewOp
} from '../../src/lib/shared/board/schema.ts';

const mod: BoardActor & { name: string } = {
	author: 'mod-a',
	voter: 'mod-v',
	moderator: true,
	name: 'Moderator'
};
const anna: BoardActor & { name: string } = {
	author: 'anna-a',
	voter: 'anna-v',
	moderator: false,
	name: 'Anna'
};
const bram: BoardActor & { name: string } = {
	author: 'bram-a',
	voter: 'bram-v',
	moderator: false,
	name: 'Bram'
};

let counter = 0;
const id = () => `op-${String(++counter).padStart(6, '0')}`;

/** Validates and applies like the server does; throws with the rule's code when refused. */
function run(board: Board, op: NewOp, actor = mod, at = 1000): Board {
	const full = BoardOpSchema.parse({ ...op, id: id() });
	const refused = validateOp(board, full, actor);
	if (refused) throw new Error(refused.code);
	return applyCommitted(board, commitOp(board, full, actor, at));
}
const refusal = (board: Board, op: NewOp, actor = mod) =>
	validateOp(board, BoardOpSchema.parse({ ...op, id: id() }), actor)?.code;

const fresh = () => initialBoard('brainstorm-test', ['Wat is jouw idee?']);
const toPhase = (board: Board, ...steps: Board['phase'][]) =>
	steps.reduce((b, to) => run(b, { type: 'phase', to }), board);

describe('phases', () => {
	it('starts in prepare and moves one step forward or back, only by the moderator', () => {
		let board = fresh();
		expect(board.phase).toBe('prepare');
		expect(refusal(board, { type: 'phase', to: 'group' })).toBe('phase-step');
		expect(refusal(board, { type: 'phase', to: 'collect' }, anna)).toBe('moderator-only');
		board = toPhase(board, 'collect', 'group', 'vote');
		expect(board.phase).toBe('vote');
		board = toPhase(board, 'group');
		expect(board.phase).toBe('group');
		expect(refusal(board, { type: 'phase', to: 'prepare' })).toBe('phase-step');
	});

	it('runs a timer from the phase settings, which the moderator can extend', () => {
		let board = run(fresh(), { type: 'phase', to: 'collect' }, mod, 10_000);
		expect(board.phaseStartedAt).toBe(10_000);
		expect(board.phaseEndsAt).toBe(10_000 + 10 * 60_000);
		board = run(board, { type: 'timer', addMinutes: 2 }, mod, 20_000);
		expect(board.phaseEndsAt).toBe(10_000 + 12 * 60_000);
		board = toPhase(board, 'group', 'vote', 'results');
		expect(board.phaseEndsAt).toBeNull();
		expect(refusal(board, { type: 'timer', addMinutes: 1 })).toBe('no-timer');
	});

	it('takes settings only in prepare', () => {
		const board = fresh();
		const settings = { ...board.settings, votesPerPerson: 3, anonymous: false };
		expect(run(board, { type: 'settings', settings }).settings.votesPerPerson).toBe(3);
		expect(refusal(board, { type: 'settings', settings }, anna)).toBe('moderator-only');
		expect(refusal(toPhase(board, 'collect'), { type: 'settings', settings })).toBe('wrong-phase');
	});
});

describe('notes', () => {
	it('are added only while collecting, and again when the moderator goes back', () => {
		let board = fresh();
		const add = { type: 'add-note', note: 'note-001', text: 'Een idee', question: 0 } as const;
		expect(refusal(board, add, anna)).toBe('wrong-phase');
		board = toPhase(board, 'collect');
		board = run(board, add, anna);
		expect(board.notes).toHaveLength(1);
		expect(refusal(board, add, anna)).toBe('exists');
		board = toPhase(board, 'group');
		expect(refusal(board, { ...add, note: 'note-002' }, anna)).toBe('wrong-phase');
		board = toPhase(board, 'collect');
		expect(run(board, { ...add, note: 'note-002' }, anna).notes).toHaveLength(2);
	});

	it('are edited and deleted by their author only; the moderator may delete', () => {
		let board = toPhase(fresh(), 'collect');
		board = run(board, { type: 'add-note', note: 'note-001', text: 'Eerst', question: 0 }, anna);
		expect(refusal(board, { type: 'edit-note', note: 'note-001', text: 'Anders' }, bram)).toBe(
			'not-yours'
		);
		expect(refusal(board, { type: 'delete-note', note: 'note-001' }, bram)).toBe('not-yours');
		board = run(board, { type: 'edit-note', note: 'note-001', text: 'Anders' }, anna);
		expect(board.notes[0].text).toBe('Anders');
		expect(run(board, { type: 'delete-note', note: 'note-001' }, mod).notes).toHaveLength(0);
		expect(refusal(board, { type: 'delete-note', note: 'nope-00' }, anna)).toBe('unknown-note');
	});

	it('stay hidden from others until the reveal, unless the board shows them', () => {
		let board = toPhase(fresh(), 'collect');
		const op = BoardOpSchema.parse({
			id: id(),
			type: 'add-note',
			note: 'note-001',
			text: 'Geheim',
			question: 0
		});
		const committed = commitOp(board, op, anna, 1000);
		expect(committed.hidden).toBe(true);
		expect(redact(committed).op).toMatchObject({ text: '' });
		board = applyCommitted(board, committed);
		expect(viewFor(board, bram.author).notes[0].text).toBe('');
		expect(viewFor(board, anna.author).notes[0].text).toBe('Geheim');

		// Bram's copy lacks the text; the reveal brings it, and both boards end the same.
		let bramsCopy = applyCommitted(
			viewFor(toPhase(fresh(), 'collect'), bram.author),
			redact(committed)
		);
		const reveal = commitOp(
			board,
			BoardOpSchema.parse({ id: id(), type: 'phase', to: 'group' }),
			mod,
			2000
		);
		expect(reveal.reveal).toEqual([{ id: 'note-001', text: 'Geheim' }]);
		board = applyCommitted(board, reveal);
		bramsCopy = applyCommitted(bramsCopy, reveal);
		expect(bramsCopy).toEqual(board);
		expect(board.notes[0].hidden).toBe(false);
	});

	it('shows the author name only on boards that are not anonymous', () => {
		let board = run(fresh(), {
			type: 'settings',
			settings: { ...fresh().settings, anonymous: false, notesVisible: true }
		});
		board = toPhase(board, 'collect');
		board = run(board, { type: 'add-note', note: 'note-001', text: 'Open', question: 0 }, anna);
		expect(board.notes[0]).toMatchObject({ authorName: 'Anna', hidden: false });
		const anonymous = run(
			toPhase(fresh(), 'collect'),
			{ type: 'add-note', note: 'note-001', text: 'x', question: 0 },
			anna
		);
		expect(anonymous.notes[0].authorName).toBeUndefined();
	});
});

describe('groups', () => {
	const collected = () => {
		let board = toPhase(fresh(), 'collect');
		board = run(board, { type: 'add-note', note: 'note-001', text: 'A', question: 0 }, anna);
		board = run(board, { type: 'add-note', note: 'note-002', text: 'B', question: 0 }, bram);
		return board;
	};

	it('are made in the group phase by everyone, or by the moderator alone', () => {
		let board = toPhase(collected(), 'group');
		board = run(board, { type: 'add-group', group: 'group-01', name: 'Thema' }, anna);
		board = run(board, { type: 'move-note', note: 'note-002', group: 'group-01' }, anna);
		expect(board.notes.find((n) => n.id === 'note-002')?.group).toBe('group-01');
		expect(refusal(board, { type: 'move-note', note: 'note-001', group: 'group-99' }, anna)).toBe(
			'unknown-group'
		);
		board = run(board, { type: 'delete-group', group: 'group-01' }, bram);
		expect(board.notes.every((n) => n.group === null)).toBe(true);

		let strict = run(fresh(), {
			type: 'settings',
			settings: { ...fresh().settings, grouping: 'moderator' }
		});
		strict = toPhase(strict, 'collect', 'group');
		expect(refusal(strict, { type: 'add-group', group: 'group-01', name: 'X' }, anna)).toBe(
			'grouping-moderator'
		);
		expect(
			refusal(strict, { type: 'add-group', group: 'group-01', name: 'X' }, mod)
		).toBeUndefined();
	});
});

describe('votes', () => {
	const voting = (settings: Partial<Board['settings']> = {}) => {
		let board = run(fresh(), {
			type: 'settings',
			settings: { ...fresh().settings, votesPerPerson: 3, ...settings }
		});
		board = toPhase(board, 'collect');
		for (const n of ['note-001', 'note-002', 'note-003'])
			board = run(board, { type: 'add-note', note: n, text: n, question: 0 }, anna);
		return toPhase(board, 'group', 'vote');
	};

	it('keep to the budget and take back only what was given', () => {
		let board = voting();
		const vote = (note: string, delta: 1 | -1 = 1) => ({ type: 'vote', note, delta }) as const;
		board = run(board, vote('note-001'), bram);
		board = run(board, vote('note-001'), bram);
		board = run(board, vote('note-002'), bram);
		expect(votesUsed(board, bram.voter)).toBe(3);
		expect(refusal(board, vote('note-003'), bram)).toBe('budget');
		expect(refusal(board, vote('note-003', -1), bram)).toBe('no-vote');
		board = run(board, vote('note-001', -1), bram);
		expect(board.votes['note-001']).toEqual({ 'bram-v': 1 });
		expect(refusal(toPhase(board, 'results'), vote('note-003'), bram)).toBe('wrong-phase');
	});

	it('allow one dot per note when the board says so', () => {
		let board = voting({ multipleVotesPerNote: false });
		board = run(board, { type: 'vote', note: 'note-001', delta: 1 }, bram);
		expect(refusal(board, { type: 'vote', note: 'note-001', delta: 1 }, bram)).toBe('one-per-note');
	});

	it('are refunded when a voted note is deleted', () => {
		let board = voting();
		board = run(board, { type: 'vote', note: 'note-001', delta: 1 }, bram);
		board = toPhase(board, 'group');
		const op = BoardOpSchema.parse({ id: id(), type: 'delete-note', note: 'note-001' });
		const committed = commitOp(board, op, mod, 5000);
		expect(voteDeltas(board, committed)).toEqual([
			{ voter: 'bram-v', note: 'note-001', delta: -1 }
		]);
		expect(applyCommitted(board, committed).votes).toEqual({});
	});
});

describe('results', () => {
	function voted(): Board {
		let board = toPhase(fresh(), 'collect');
		const notes = ['Deelauto', 'Zonnepanelen', 'Buurtkeuken', 'Voedselbos'];
		notes.forEach((text, i) => {
			board = run(
				board,
				{ type: 'add-note', note: `note-00${i}`, text, question: 0 },
				anna,
				1000 + i
			);
		});
		board = toPhase(board, 'group');
		board = run(board, { type: 'add-group', group: 'group-energy', name: 'Energie' });
		board = run(board, { type: 'add-group', group: 'group-food', name: 'Eten' });
		board = run(board, { type: 'move-note', note: 'note-001', group: 'group-energy' });
		board = run(board, { type: 'move-note', note: 'note-002', group: 'group-food' });
		board = run(board, { type: 'move-note', note: 'note-003', group: 'group-food' });
		board = toPhase(board, 'vote');
		const vote = (note: string, who: BoardActor & { name: string }) =>
			(board = run(board, { type: 'vote', note, delta: 1 }, who));
		vote('note-001', anna);
		vote('note-001', bram);
		vote('note-001', mod);
		vote('note-002', anna);
		vote('note-003', bram);
		vote('note-000', mod);
		return toPhase(board, 'results');
	}

	it('ranks notes and groups by votes, ties shared and ordered by age', () => {
		const results = rankResults(voted());
		expect(results.notes.map((n) => [n.rank, n.text, n.votes])).toEqual([
			[1, 'Zonnepanelen', 3],
			[2, 'Deelauto', 1],
			[2, 'Buurtkeuken', 1],
			[2, 'Voedselbos', 1]
		]);
		expect(results.groups.map((g) => [g.rank, g.name, g.votes])).toEqual([
			[1, 'Energie', 3],
			[2, 'Eten', 2]
		]);
		expect(results.ungrouped.map((n) => n.text)).toEqual(['Deelauto']);
		expect(results).toMatchObject({ voters: 3, totalVotes: 6 });
	});

	it('exports Markdown and CSV that show user text literally', () => {
		let board = voted();
		board = {
			...board,
			notes: board.notes.map((n, i) =>
				i === 0 ? { ...n, text: '[klik](https://evil.example) <b>' } : n
			)
		};
		const results = rankResults(BoardSchema.parse(board));
		const md = resultsMarkdown(results, englishLabels(results, 'Test', 'nu'));
		expect(md).toContain('1. Zonnepanelen (3 votes, Energie)');
		expect(md).toContain('\\[klik\\](https://evil.example) \\<b\\>');
		expect(escapeMarkdown('# kop')).toBe('\\# kop');
		expect(escapeMarkdown('1. punt *vet*')).toBe('1\\. punt \\*vet\\*');
		const csv = resultsCsv(results).split('\r\n');
		expect(csv[0]).toBe(
			'"rank","votes","note","group","group_rank","group_votes","question","author"'
		);
		expect(csv[1]).toBe('"1","3","Zonnepanelen","Energie","1","3","Wat is jouw idee?",""');
	});
});

describe('defaultQuestion', () => {
	it('takes the first sentence of the description when it asks something', () => {
		expect(defaultQuestion('Brainstorm – X', 'Kunnen platforms van ons zijn? Meer tekst.')).toBe(
			'Kunnen platforms van ons zijn?'
		);
		expect(defaultQuestion('Brainstorm – Samen bouwen', 'Een verhaal. Nog een?')).toBe(
			'Samen bouwen'
		);
	});
});
