import type { EventFile, Session } from '../../shared/event-schema.ts';
import type { PolicyContext } from '../../shared/policy.ts';

// Apart from guard.ts, which throws SvelteKit's errors: the Node entry (server/, built into
// build/plenair/) imports this too, and production installs no @sveltejs/kit.
export function policyContext(
	event: EventFile,
	session?: Pick<Session, 'id' | 'kind'>
): PolicyContext {
	return { access: event.event.access, session: session && { id: session.id, kind: session.kind } };
}
