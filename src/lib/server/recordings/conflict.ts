import type { ErrorCode } from '../../shared/realtime/errors.ts';

/**
 * A start or stop the recording's state or this server does not allow: answered with `status`
 * (409 for a state that does not fit, 503 when no recorder can run here), the English message
 * and a code the moderator's page translates.
 */
export class RecordingRefused extends Error {
	constructor(
		readonly code: Extract<
			ErrorCode,
			'session_not_live' | 'recording_busy' | 'recording_idle' | 'recorder_unavailable'
		>,
		message: string
	) {
		super(message);
		this.name = 'RecordingRefused';
	}

	get status(): 409 | 503 {
		return this.code === 'recorder_unavailable' ? 503 : 409;
	}
}
