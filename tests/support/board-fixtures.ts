import type { Board, BoardSelf } from '../../src/lib/shared/board/schema.ts';

/** The moderator of a board, as board:join tells them who they are. */
export const moderatorSelf: BoardSelf = {
	author: 'auteur-mod',
	voter: 'stemmer-mod',
	name: 'Mod',
	moderator: true
};

/**
 * A board of brainstorm-1 being prepared: one question, three votes each, nothing on it yet. A new
 * object each time, so a test may change it.
 */
export function testBoard(overrides: Partial<Board> = {}): Board {
	return {
		session: 'brainstorm-1',
		version: 0,
		phase: 'prepare',
		phaseStartedAt: null,
		phaseEndsAt: null,
		revealed: false,
		settings: {
			questions: ['Wat maakt de buurt beter?'],
			anonymous: false,
			notesVisible: false,
			grouping: 'everyone',
			votesPerPerson: 3,
			multipleVotesPerNote: true,
			minutes: { collect: 5, group: 5, vote: 3 }
		},
		notes: [],
		groups: [],
		votes: {},
		...overrides
	};
}
