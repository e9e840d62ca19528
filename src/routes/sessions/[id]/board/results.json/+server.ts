import { exportableResults } from '$lib/server/boards/results';
import { getServices } from '$lib/server/services';
import { download, exportTitle } from '../export';
import type { RequestHandler } from './$types';

/** The whole ranked result as JSON (also what the session page shows). */
export const GET: RequestHandler = async ({ params, locals }) => {
	const services = getServices();
	const { session, results } = await exportableResults(services, params.id, locals.actor);
	const body = {
		title: exportTitle(session),
		exportedAt: new Date(services.clock.now()).toISOString(),
		...results
	};
	return download(JSON.stringify(body, null, 2), 'application/json', session, 'json');
};
