import { m } from '$lib/paraglide/messages';
import type { ErrorCode } from '$lib/shared/realtime/errors';

const texts: Record<ErrorCode, () => string> = {
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
	removed: m.refusal_removed,
	room_full: m.refusal_room_full,
	signup_forbidden: m.refusal_signup_forbidden,
	unavailable: m.refusal_unavailable,
	internal: m.refusal_internal,
	session_ended: m.room_ended,
	session_not_started: m.room_not_started
};

/** A server refusal in the reader's language; the server's English detail is never shown. */
export function refusalText(code: ErrorCode | undefined): string {
	return texts[code ?? 'internal']();
}
