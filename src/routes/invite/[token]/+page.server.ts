import { getServices } from '$lib/server/services';
import type { PageServerLoad } from './$types';

/** An invite link: shows the role it carries and the registration form that redeems it. */
export const load: PageServerLoad = async ({ params }) => {
	const { auth, event } = getServices();
	const invite = await auth.invites.peek(params.token);
	const session = invite?.grant.session
		? event.sessions.find((s) => s.id === invite.grant.session)
		: undefined;
	return {
		token: params.token,
		invite: invite ? { role: invite.grant.role, sessionTitle: session?.title } : undefined
	};
};
