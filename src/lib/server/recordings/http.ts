import { error } from '@sveltejs/kit';
import type { Session } from '../../shared/event-schema.ts';
import type { Actor } from '../../shared/policy.ts';
import { can, presenceAction } from '../../shared/policy.ts';
import { findSession } from '../../shared/programme.ts';
import type { Recording } from '../../shared/recordings/schema.ts';
import { policyContext, requireActor } from '../auth/guard.ts';
import type { Services } from '../services.ts';

/** The programme session of a request, or 404. */
export function sessionOr404(services: Services, id: string): Session {
	const session = findSession(services.event, id);
	if (!session) error(404, 'No session with this id in the programme.');
	return session;
}

/**
 * For the management endpoints: 401/403 unless 'recording.manage' for this session, and 403 for
 * a request from another origin (a raw video body is not covered by SvelteKit's form check).
 */
export function requireManager(
	services: Services,
	request: Request,
	actor: Actor | null,
	id: string
): { session: Session; actor: Actor } {
	const session = sessionOr404(services, id);
	const signedIn = requireActor(actor, 'recording.manage', policyContext(services.event, session));
	const origin = request.headers.get('origin');
	if (origin && origin !== services.origin) error(403, 'Cross-site requests are not allowed.');
	return { session, actor: signedIn };
}

export function canManage(services: Services, actor: Actor | null, session?: Session): boolean {
	return can(actor, 'recording.manage', policyContext(services.event, session));
}

/**
 * Who may watch a recording and read its chat replay: who may be in the room live (presenceAction:
 * 'session.join' for breakouts and brainstorms, 'session.watch' for plenaries and livecasts).
 */
export function canWatch(services: Services, actor: Actor | null, session: Session): boolean {
	return can(actor, presenceAction(session), policyContext(services.event, session));
}

/** What a manager sees of a recording (everything but internals). */
export function managerView(recording: Recording | undefined) {
	if (!recording) return { status: 'none' as const };
	return {
		status: recording.status,
		source: recording.source,
		error: recording.error,
		durationMs: recording.durationMs,
		hasCaptions: Boolean(recording.captions),
		externalUrl: recording.externalUrl,
		chapters: recording.chapters,
		recordedFrom: recording.recordedFrom
	};
}
export type ManagerView = ReturnType<typeof managerView>;
