import { z } from 'zod';

/**
 * Why the server refused a request, as a code the client can act on and translate. Every refusal
 * (socket ack or HTTP error body) carries one; the English `error` text beside it is for logs
 * and tests, never shown in the Dutch UI.
 */
export const ErrorCode = z.enum([
	/** The payload failed its schema. */
	'invalid',
	'unknown_event',
	'unknown_session',
	'unknown_round',
	'not_found',
	'sign_in',
	'forbidden',
	'not_in_room',
	'not_brainstorm',
	/** Too many requests from this person or connection; wait and try again. */
	'rate_limited',
	'slow_mode',
	'banned',
	'muted',
	/** A board rule refused the operation; `reason` names the rule. */
	'board_rule',
	/** The poll is not open for answers (a draft, or closed). */
	'poll_closed',
	/** The answer or change does not fit the poll; `reason` names the rule. */
	'poll_rule',
	/** The brainstorm has not reached its results yet. */
	'results_not_ready',
	'removed',
	'room_full',
	'signup_forbidden',
	/** The server (or its database) is briefly away; resending the same request is safe. */
	'unavailable',
	'internal',
	/** The session is over (token endpoint, 410). */
	'session_ended',
	/** The session has not started yet (token endpoint, 425). */
	'session_not_started',
	/** A recording can only start while its session is live. */
	'session_not_live',
	/** The session is being recorded already (start twice). */
	'recording_busy',
	/** Nothing is being recorded in the session (stop twice). */
	'recording_idle',
	/** No recorder can run on this server (the built-in one is not built, 503). */
	'recorder_unavailable'
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** Refusals where sending the same request again later makes sense. */
const RETRYABLE = new Set<ErrorCode>(['rate_limited', 'slow_mode', 'unavailable', 'internal']);
export const isRetryable = (code: ErrorCode): boolean => RETRYABLE.has(code);

/** A refusal as it travels in an acknowledgement. */
export const RefusalSchema = z.object({
	ok: z.literal(false),
	/** English detail for logs and tests. */
	error: z.string(),
	code: ErrorCode,
	/** True when resending the same request later may succeed. */
	retry: z.boolean().optional(),
	/** A finer reason within the code (a board rule's name). */
	reason: z.string().optional()
});
export type Refusal = z.infer<typeof RefusalSchema>;

export function refusal(code: ErrorCode, error: string, reason?: string): Refusal {
	return {
		ok: false,
		error,
		code,
		...(isRetryable(code) ? { retry: true } : {}),
		...(reason ? { reason } : {})
	};
}
