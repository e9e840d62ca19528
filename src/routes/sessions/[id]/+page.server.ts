import { error } from '@sveltejs/kit';
import { getServices } from '$lib/server/services';
import { findSession } from '$lib/shared/programme';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => {
	const session = findSession(getServices().event, params.id);
	if (!session) error(404, 'No session with this id in the programme.');
	return { session, reading: await getServices().dossier.reading(session.id) };
};
