import { exportableResults } from '$lib/server/boards/results';
import { getServices } from '$lib/server/services';
import { resultsCsv } from '$lib/shared/board/results';
import { download } from '../export';
import type { RequestHandler } from './$types';

/** One line per note, best first, for a spreadsheet. */
export const GET: RequestHandler = async ({ params, locals }) => {
	const { session, results } = await exportableResults(getServices(), params.id, locals.actor);
	return download(resultsCsv(results), 'text/csv', session, 'csv');
};
