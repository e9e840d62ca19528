import { error } from '@sveltejs/kit';
import { closedPolls } from '$lib/server/polls/results';
import { getServices } from '$lib/server/services';
import { policyContext } from '$lib/server/auth/guard';
import { findSession } from '$lib/shared/programme';
import { can } from '$lib/shared/policy';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const services = getServices();
	const { event, dossier, auth } = services;
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
	return {
		session,
		speakers,
		reading: await dossier.reading(session.id),
		polls: await closedPolls(services, session.id),
		/** A plenary looks back on the evening's brainstorms. */
		brainstorms:
			session.kind === 'plenary'
				? event.sessions
						.filter((s) => s.kind === 'brainstorm')
						.map((s) => ({ id: s.id, title: s.title }))
				: [],
		canModerate: can(locals.actor, 'session.moderate', policyContext(event, session))
	};
};
