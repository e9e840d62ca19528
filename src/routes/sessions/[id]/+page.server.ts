import { error } from '@sveltejs/kit';
import { getServices } from '$lib/server/services';
import { findSession } from '$lib/shared/programme';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => {
	const { event, dossier, auth } = getServices();
	const session = findSession(event, params.id);
	if (!session) error(404, 'No session with this id in the programme.');
	// The programme's speakers, and the invited speakers in their own words (their profile).
	const accounts = await auth.users.speakersOf(session.id);
	const named = new Set(accounts.map((a) => a.name.trim().toLocaleLowerCase('nl')));
	const speakers = [
		...session.speakers
			.filter((p) => !named.has(p.name.trim().toLocaleLowerCase('nl')))
			.map(({ name, organisation }) => ({ name, organisation, bio: undefined })),
		...accounts.map(({ name, organisation, bio }) => ({ name, organisation, bio }))
	];
	return { session, speakers, reading: await dossier.reading(session.id) };
};
