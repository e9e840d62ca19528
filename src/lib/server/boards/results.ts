import { error } from '@sveltejs/kit';
import type { Actor } from '../../shared/policy.ts';
import { can } from '../../shared/policy.ts';
import { viewFor } from '../../shared/board/logic.ts';
import { rankResults, type BoardResults } from '../../shared/board/results.ts';
import type { Session } from '../../shared/event-schema.ts';
import { findSession } from '../../shared/programme.ts';
import { authorize, policyContext } from '../auth/guard.ts';
import type { Services } from '../services.ts';

export interface ResultsAccess {
	session: Session;
	/** Undefined while the board does not exist yet. */
	results?: BoardResults;
	/** The results are final (the board reached its results phase). */
	final: boolean;
	canModerate: boolean;
}

/**
 * The ranked results of a brainstorm, for the results page and the exports. Anyone who may see
 * the programme sees them once the board reached its results phase; moderators see them (as a
 * preview) at any time. Never creates a board.
 */
export async function loadResults(
	services: Pick<Services, 'event' | 'boards'>,
	sessionId: string,
	actor: Actor | null
): Promise<ResultsAccess> {
	const session = findSession(services.event, sessionId);
	if (!session || session.kind !== 'brainstorm') error(404, 'No brainstorm with this id.');
	const context = policyContext(services.event, session);
	authorize(actor, 'programme.view', context);
	const canModerate = can(actor, 'session.moderate', context);
	const { store } = services.boards;
	if (!(await store.exists(session.id))) return { session, final: false, canModerate };
	const board = await store.load(session.id);
	const final = board.phase === 'results';
	if (!final && !canModerate) return { session, final, canModerate };
	// Nobody's hidden note shows up in a preview.
	return { session, results: rankResults(viewFor(board, '')), final, canModerate };
}

/** For the export routes: the results, or 404 while there are none to give. */
export async function exportableResults(
	services: Pick<Services, 'event' | 'boards'>,
	sessionId: string,
	actor: Actor | null
): Promise<{ session: Session; results: BoardResults }> {
	const access = await loadResults(services, sessionId, actor);
	if (!access.results) error(404, 'The results of this brainstorm are not ready yet.');
	return { session: access.session, results: access.results };
}
