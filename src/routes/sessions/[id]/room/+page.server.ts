import { error } from '@sveltejs/kit';
import { policyContext } from '$lib/server/auth/guard';
import { grantFor } from '$lib/server/livekit-grants';
import { getServices } from '$lib/server/services';
import { findSession } from '$lib/shared/programme';
import { can } from '$lib/shared/policy';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const { event, rounds } = getServices();
	const session = findSession(event, params.id);
	if (!session) error(404, 'No session with this id in the programme.');
	const context = policyContext(event, session);
	const round = event.rounds.find((r) => r.id === session.round);
	return {
		session,
		/** The round's end with any extension an organiser made (ms); 'round:extended' updates it. */
		roundEnd: round ? await rounds.endOf(round) : undefined,
		canModerate: can(locals.actor, 'session.moderate', context),
		canAnnounce: can(locals.actor, 'announcement.post', context),
		canChat: can(locals.actor, 'chat.send', context),
		canModerateChat: can(locals.actor, 'chat.moderate', context),
		signedIn: locals.actor !== null,
		/** How this person will be in the room (the token endpoint decides the same way). */
		roomMode: grantFor(locals.actor, session, context, '')?.mode
	};
};
