import { m } from '$lib/paraglide/messages';
import type { RuleCode } from '$lib/shared/board/logic';
import type { ErrorCode } from '$lib/shared/realtime/errors';

/** Refusals of the server, by code (messages `refusal_<code>`). */
const refusals: Record<ErrorCode, () => string> = {
	invalid: m.refusal_invalid,
	unknown_event: m.refusal_unknown_event,
	unknown_session: m.refusal_unknown_session,
	unknown_round: m.refusal_unknown_round,
	not_found: m.refusal_not_found,
	sign_in: m.refusal_sign_in,
	forbidden: m.refusal_forbidden,
	not_in_room: m.refusal_not_in_room,
	not_brainstorm: m.refusal_not_brainstorm,
	rate_limited: m.refusal_rate_limited,
	slow_mode: m.refusal_slow_mode,
	banned: m.refusal_banned,
	muted: m.refusal_muted,
	board_rule: m.refusal_board_rule,
	poll_closed: m.refusal_poll_closed,
	poll_rule: m.refusal_poll_rule,
	results_not_ready: m.refusal_results_not_ready,
	removed: m.refusal_removed,
	room_full: m.refusal_room_full,
	signup_forbidden: m.refusal_signup_forbidden,
	unavailable: m.refusal_unavailable,
	internal: m.refusal_internal,
	session_ended: m.room_ended,
	session_not_started: m.room_not_started,
	session_not_live: m.refusal_session_not_live,
	recording_busy: m.refusal_recording_busy,
	recording_idle: m.refusal_recording_idle,
	recorder_unavailable: m.refusal_recorder_unavailable
};

/** The board rules a `board_rule` refusal names in its `reason`. */
const boardRules: Record<RuleCode, () => string> = {
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

/** A refusal as the client holds it: its code and, finer, the board rule that refused. */
export interface ShownRefusal {
	code: ErrorCode;
	reason?: string;
	rule?: { code: RuleCode };
}

type MessageFn = (params?: Record<string, unknown>) => string;
const messages = m as unknown as Record<string, MessageFn | undefined>;

const known = <T extends object>(
	table: T,
	key: string | undefined
): key is Extract<keyof T, string> => key !== undefined && Object.hasOwn(table, key);

/**
 * What went wrong, in the reader's language; the server's English detail is never shown. Takes
 * a refusal (the board rule's own text when it names one), a refusal code (`forbidden`) or the
 * message key of a form error (`form_email_invalid`, with its `params`). Anything else shows
 * `otherwise` ("please check this field" unless given); nothing shows nothing.
 */
export function errorText(
	error: ShownRefusal | string | undefined,
	{
		params = {},
		otherwise = m.form_invalid
	}: { params?: Record<string, unknown>; otherwise?: () => string } = {}
): string {
	if (error === undefined || error === '') return '';
	if (typeof error !== 'string') {
		const rule = error.rule?.code ?? error.reason;
		return known(boardRules, rule) ? boardRules[rule]() : refusals[error.code]();
	}
	if (known(refusals, error)) return refusals[error]();
	const message = messages[error];
	return typeof message === 'function' ? message(params) : otherwise();
}

/**
 * Why a recording failed, in the reader's language. The server's English detail stays in its
 * logs and the stored record; the one failure an organiser can act on (no recording service
 * beside Plenair) gets its own sentence.
 */
export function recordingFailureText(error: string | undefined): string {
	return error?.startsWith('egress not connected') ? m.rec_failed_no_recorder() : m.rec_failed();
}
