import { m } from '$lib/paraglide/messages';
import type { Phase } from '$lib/shared/board/schema';

/** Texts of the board that depend on a value: phase names and vote counts. */
export const phaseName: Record<Phase, () => string> = {
	prepare: m.board_phase_prepare,
	collect: m.board_phase_collect,
	group: m.board_phase_group,
	vote: m.board_phase_vote,
	results: m.board_phase_results
};

export const votesLabel = (n: number) =>
	n === 1 ? m.board_vote_one() : m.board_votes({ count: n });
