import { pollExport } from '$lib/server/polls/results';
import { getServices } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** The session's polls for its moderators: each poll, its tally and every answer. */
export const GET: RequestHandler = async ({ params, locals }) => {
	const result = await pollExport(getServices(), params.id, locals.actor);
	return new Response(JSON.stringify(result, null, 2), {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="polls-${result.session}.json"`
		}
	});
};
