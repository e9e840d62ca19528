import {
	LIMITS,
	phases,
	type Board,
	type BoardOp,
	type BoardSettings,
	type CommittedOp,
	type Note,
	type Phase
} from './schema.ts';

/**
 * The board's rules as pure functions: which operation is allowed for whom in which phase
 * (validateOp), what it does once the server has ordered it (applyCommitted), and what others
 * may see of a hidden note (redact, viewFor). The server runs validateOp before it commits; the
 * browser runs the same functions for its own operations before the server answers.
 */

/** Who acts, as the board knows them. */
export interface BoardActor {
	author: string;
	voter: string;
	moderator: boolean;
}

export type RuleCode =
	| 'moderator-only'
	| 'wrong-phase'
	| 'phase-step'
	| 'exists'
	| 'unknown-note'
	| 'unknown-group'
	| 'unknown-question'
	| 'not-yours'
	| 'grouping-moderator'
	| 'too-many-notes'
	| 'too-many-groups'
	| 'budget'
	| 'one-per-note'
	| 'no-vote'
	| 'no-timer';

export interface RuleError {
	code: RuleCode;
	message: string;
}

const ruleError = (code: RuleCode, message: string): RuleError => ({ code, message });

export const DEFAULT_SETTINGS: Omit<BoardSettings, 'questions'> = {
	anonymous: true,
	notesVisible: false,
	grouping: 'everyone',
	votesPerPerson: 5,
	multipleVotesPerNote: true,
	minutes: { collect: 10, group: 10, vote: 5 }
};

export function initialBoard(session: string, questions: string[]): Board {
	return {
		session,
		version: 0,
		phase: 'prepare',
		phaseStartedAt: null,
		phaseEndsAt: null,
		revealed: false,
		settings: { ...DEFAULT_SETTINGS, minutes: { ...DEFAULT_SETTINGS.minutes }, questions },
		notes: [],
		groups: [],
		votes: {}
	};
}

/**
 * The question a board starts with: the first sentence of the session's description when it
 * is a question, else the session's title (without a leading "Brainstorm –").
 */
export function defaultQuestion(title: string, description: string): string {
	const first = description.trim().match(/^[^.?!]*\?/)?.[0];
	const text = first ?? title.replace(/^brainstorm\s*[–—:-]\s*/i, '');
	return text.trim().slice(0, LIMITS.question) || 'Brainstorm';
}

export const phaseIndex = (phase: Phase) => phases.indexOf(phase);
export const nextPhase = (phase: Phase): Phase | undefined => phases[phaseIndex(phase) + 1];
export const previousPhase = (phase: Phase): Phase | undefined => phases[phaseIndex(phase) - 1];

/** Whether a new note is hidden from everyone but its author. */
export const newNotesHidden = (board: Board) =>
	!board.revealed && !board.settings.notesVisible && board.phase === 'collect';

export const canGroup = (board: Board, actor: BoardActor) =>
	board.phase === 'group' && (actor.moderator || board.settings.grouping === 'everyone');

export function votesUsed(board: Board, voter: string): number {
	let used = 0;
	for (const byVoter of Object.values(board.votes)) used += byVoter[voter] ?? 0;
	return used;
}

export const votesOn = (board: Board, note: string, voter?: string): number => {
	const byVoter = board.votes[note] ?? {};
	if (voter !== undefined) return byVoter[voter] ?? 0;
	return Object.values(byVoter).reduce((sum, n) => sum + n, 0);
};

const findNote = (board: Board, id: string) => board.notes.find((n) => n.id === id);
const findGroup = (board: Board, id: string) => board.groups.find((g) => g.id === id);

/** Why this operation is not allowed now, or undefined when it is. */
export function validateOp(board: Board, op: BoardOp, actor: BoardActor): RuleError | undefined {
	const inPhase = (...allowed: Phase[]) =>
		allowed.includes(board.phase)
			? undefined
			: ruleError(
					'wrong-phase',
					`"${op.type}" is not possible in the ${board.phase} phase (only in ${allowed.join(' or ')})`
				);
	const moderatorOnly = () =>
		actor.moderator ? undefined : ruleError('moderator-only', 'only the moderator can do this');
	const note = 'note' in op ? findNote(board, op.note) : undefined;
	const noteExists = () =>
		note ? undefined : ruleError('unknown-note', 'that note does not exist (any more)');
	const grouping = () =>
		inPhase('group') ??
		(canGroup(board, actor)
			? undefined
			: ruleError('grouping-moderator', 'on this board only the moderator groups notes'));

	switch (op.type) {
		case 'settings':
			return moderatorOnly() ?? inPhase('prepare');
		case 'phase': {
			const denied = moderatorOnly();
			if (denied) return denied;
			if (op.to !== nextPhase(board.phase) && op.to !== previousPhase(board.phase))
				return ruleError(
					'phase-step',
					`the board can go from ${board.phase} only to the next phase or back one`
				);
			return undefined;
		}
		case 'timer':
			return (
				moderatorOnly() ??
				(board.phaseEndsAt === null ? ruleError('no-timer', 'this phase has no timer') : undefined)
			);
		case 'add-note': {
			const denied = inPhase('collect');
			if (denied) return denied;
			if (findNote(board, op.note)) return ruleError('exists', 'a note with this id exists');
			if (op.question >= board.settings.questions.length)
				return ruleError('unknown-question', 'there is no such question on this board');
			if (board.notes.length >= LIMITS.notesPerBoard)
				return ruleError('too-many-notes', 'this board is full');
			if (board.notes.filter((n) => n.author === actor.author).length >= LIMITS.notesPerPerson)
				return ruleError(
					'too-many-notes',
					`you can add at most ${LIMITS.notesPerPerson} notes to one board`
				);
			return undefined;
		}
		case 'edit-note':
			return (
				inPhase('collect') ??
				noteExists() ??
				(note?.author === actor.author
					? undefined
					: ruleError('not-yours', 'you can only change your own notes'))
			);
		case 'delete-note': {
			const missing = noteExists();
			if (missing) return missing;
			if (actor.moderator) return inPhase('collect', 'group');
			return (
				inPhase('collect') ??
				(note?.author === actor.author
					? undefined
					: ruleError('not-yours', 'you can only delete your own notes'))
			);
		}
		case 'add-group':
			return (
				grouping() ??
				(findGroup(board, op.group)
					? ruleError('exists', 'a group with this id exists')
					: board.groups.length >= LIMITS.groups
						? ruleError('too-many-groups', 'this board has the most groups it can have')
						: undefined)
			);
		case 'rename-group':
		case 'delete-group':
			return (
				grouping() ??
				(findGroup(board, op.group)
					? undefined
					: ruleError('unknown-group', 'that group does not exist (any more)'))
			);
		case 'move-note':
			return (
				grouping() ??
				noteExists() ??
				(op.group === null || findGroup(board, op.group)
					? undefined
					: ruleError('unknown-group', 'that group does not exist (any more)'))
			);
		case 'vote': {
			const denied = inPhase('vote') ?? noteExists();
			if (denied) return denied;
			const mine = votesOn(board, op.note, actor.voter);
			if (op.delta < 0)
				return mine > 0 ? undefined : ruleError('no-vote', 'you have no vote on this note');
			if (votesUsed(board, actor.voter) >= board.settings.votesPerPerson)
				return ruleError(
					'budget',
					`you have used all ${board.settings.votesPerPerson} of your votes`
				);
			if (!board.settings.multipleVotesPerNote && mine > 0)
				return ruleError('one-per-note', 'one vote per note on this board');
			return undefined;
		}
	}
}

/**
 * Turns an allowed operation into what the server records and sends: who did it (as a
 * pseudonym), when, and whatever only the server can know (the author's name, which notes stay
 * hidden, the texts a reveal uncovers).
 */
export function commitOp(
	board: Board,
	op: BoardOp,
	actor: BoardActor & { name: string },
	at: number
): CommittedOp {
	const committed: CommittedOp = {
		version: board.version + 1,
		at,
		by: op.type === 'vote' ? actor.voter : actor.author,
		op
	};
	if (op.type === 'add-note' && !board.settings.anonymous) committed.authorName = actor.name;
	if (op.type === 'add-note') committed.hidden = newNotesHidden(board);
	if (op.type === 'edit-note') committed.hidden = findNote(board, op.note)?.hidden ?? false;
	const reveals =
		(op.type === 'phase' && board.phase === 'collect' && op.to === 'group') ||
		(op.type === 'settings' && op.settings.notesVisible);
	if (reveals && board.notes.some((n) => n.hidden))
		committed.reveal = board.notes.filter((n) => n.hidden).map((n) => ({ id: n.id, text: n.text }));
	return committed;
}

/** What someone other than the author receives of a committed operation. */
export function redact(committed: CommittedOp): CommittedOp {
	if (!committed.hidden) return committed;
	if (committed.op.type !== 'add-note' && committed.op.type !== 'edit-note') return committed;
	return { ...committed, op: { ...committed.op, text: '' } };
}

/** The board as one person may see it: others' hidden notes without their text. */
export function viewFor(board: Board, author: string): Board {
	if (!board.notes.some((n) => n.hidden && n.author !== author)) return board;
	return {
		...board,
		notes: board.notes.map((n) => (n.hidden && n.author !== author ? { ...n, text: '' } : n))
	};
}

/** How a committed operation changes the dots of each voter (the store's budget check). */
export function voteDeltas(
	board: Board,
	committed: CommittedOp
): { voter: string; note: string; delta: number }[] {
	const { op } = committed;
	if (op.type === 'vote') return [{ voter: committed.by, note: op.note, delta: op.delta }];
	if (op.type === 'delete-note')
		return Object.entries(board.votes[op.note] ?? {}).map(([voter, n]) => ({
			voter,
			note: op.note,
			delta: -n
		}));
	return [];
}

/**
 * Applies an operation the server has ordered. It trusts the operation (validateOp ran on the
 * server) and returns a new board; the old one is left as it was.
 */
export function applyCommitted(board: Board, committed: CommittedOp): Board {
	const { op, at } = committed;
	const next: Board = { ...board, version: committed.version };
	const mapNote = (id: string, change: (note: Note) => Note) =>
		(next.notes = next.notes.map((n) => (n.id === id ? change(n) : n)));

	if (committed.reveal) {
		const texts = new Map(committed.reveal.map((r) => [r.id, r.text]));
		next.notes = next.notes.map((n) =>
			texts.has(n.id) ? { ...n, text: texts.get(n.id) ?? '', hidden: false } : n
		);
	}

	switch (op.type) {
		case 'settings': {
			next.settings = op.settings;
			const last = op.settings.questions.length - 1;
			if (next.notes.some((n) => n.question > last))
				next.notes = next.notes.map((n) => (n.question > last ? { ...n, question: last } : n));
			break;
		}
		case 'phase': {
			next.phase = op.to;
			next.phaseStartedAt = at;
			const minutes =
				op.to === 'collect' || op.to === 'group' || op.to === 'vote'
					? board.settings.minutes[op.to]
					: undefined;
			next.phaseEndsAt = minutes === undefined ? null : at + minutes * 60_000;
			if (board.phase === 'collect' && op.to === 'group') {
				next.revealed = true;
				next.notes = next.notes.map((n) => (n.hidden ? { ...n, hidden: false } : n));
			}
			break;
		}
		case 'timer':
			next.phaseEndsAt = Math.max(board.phaseEndsAt ?? at, at) + op.addMinutes * 60_000;
			break;
		case 'add-note': {
			const note: Note = {
				id: op.note,
				author: committed.by,
				text: op.text,
				hidden: committed.hidden ?? false,
				question: op.question,
				group: null,
				createdAt: at
			};
			if (committed.authorName !== undefined) note.authorName = committed.authorName;
			next.notes = [...next.notes, note];
			break;
		}
		case 'edit-note':
			mapNote(op.note, (n) => ({ ...n, text: op.text }));
			break;
		case 'delete-note': {
			next.notes = next.notes.filter((n) => n.id !== op.note);
			if (op.note in next.votes) {
				const { [op.note]: _removed, ...rest } = next.votes;
				void _removed;
				next.votes = rest;
			}
			break;
		}
		case 'add-group':
			next.groups = [...next.groups, { id: op.group, name: op.name, createdAt: at }];
			break;
		case 'rename-group':
			next.groups = next.groups.map((g) => (g.id === op.group ? { ...g, name: op.name } : g));
			break;
		case 'delete-group':
			next.groups = next.groups.filter((g) => g.id !== op.group);
			next.notes = next.notes.map((n) => (n.group === op.group ? { ...n, group: null } : n));
			break;
		case 'move-note':
			mapNote(op.note, (n) => ({ ...n, group: op.group }));
			break;
		case 'vote': {
			const byVoter = { ...(next.votes[op.note] ?? {}) };
			const count = (byVoter[committed.by] ?? 0) + op.delta;
			if (count > 0) byVoter[committed.by] = count;
			else delete byVoter[committed.by];
			next.votes = { ...next.votes, [op.note]: byVoter };
			if (Object.keys(byVoter).length === 0) {
				const { [op.note]: _empty, ...rest } = next.votes;
				void _empty;
				next.votes = rest;
			}
			break;
		}
	}
	return next;
}
