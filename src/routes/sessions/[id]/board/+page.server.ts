import { loadResults } from '$lib/server/boards/results';
import { getServices } from '$lib/server/services';
import type { PageServerLoad } from './$types';

/** The read-only results of a brainstorm: for the plenary stage and afterwards. */
export const load: PageServerLoad = async ({ params, locals }) => {
	const access = await loadResults(getServices(), params.id, locals.actor);
	return {
		session: access.session,
		results: access.results,
		final: access.final,
		canModerate: access.canModerate
	};
};
