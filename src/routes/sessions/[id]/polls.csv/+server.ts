import { pollCsvRows, pollExport } from '$lib/server/polls/results';
import { getServices } from '$lib/server/services';
import { csvRows } from '$lib/shared/csv';
import type { RequestHandler } from './$types';

/** The session's polls for its moderators: one line per choice, with counts and shares. */
export const GET: RequestHandler = async ({ params, locals }) => {
	const { session, polls } = await pollExport(getServices(), params.id, locals.actor);
	return new Response(csvRows(pollCsvRows(polls)), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="polls-${session}.csv"`
		}
	});
};
