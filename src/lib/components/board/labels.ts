import { m } from '$lib/paraglide/messages';
import type { RuleCode } from '$lib/shared/board/logic';
import type { Phase } from '$lib/shared/board/schema';
import type { BoardError } from '$lib/shared/board/sync';
import { refusalText } from '$lib/client/refusal-text';

/** Texts of the board that depend on a value: phase names, vote counts, rule errors. */
export const phaseName: Record<Phase, () => string> = {
	prepare: m.board_phase_prepare,
	collect: m.board_phase_collect,
	group: m.board_phase_group,
	vote: m.board_phase_vote,
	results: m.board_phase_results
};

export const votesLabel = (n: number) =>
	n === 1 ? m.board_vote_one() : m.board_votes({ count: n });

const ruleMessages: Record<RuleCode, () => string> = {
	'moderator-only': m.board_error_moderator_only,
	'wrong-phase': m.board_error_wrong_phase,
	'phase-step': m.board_error_phase_step,
	exists: m.board_error_exists,
	'unknown-note': m.board_error_unknown_note,
	'unknown-group': m.board_error_unknown_group,
	'unknown-question': m.board_error_unknown_question,
	'not-yours': m.board_error_not_yours,
	'grouping-moderator': m.board_error_grouping_moderator,
	'too-many-notes': m.board_error_too_many_notes,
	'too-many-groups': m.board_error_too_many_groups,
	budget: m.board_error_budget,
	'one-per-note': m.board_error_one_per_note,
	'no-vote': m.board_error_no_vote,
	'no-timer': m.board_error_no_timer
};

const isRule = (reason: string | undefined): reason is RuleCode =>
	reason !== undefined && Object.hasOwn(ruleMessages, reason);

/** A refusal in the reader's language: the rule's own text when known, else its code's. */
export function errorText(error: BoardError): string {
	if (error.rule) return ruleMessages[error.rule.code]();
	if (isRule(error.reason)) return ruleMessages[error.reason]();
	return refusalText(error.code);
}
