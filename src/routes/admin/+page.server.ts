import { authorize, policyContext, requireActor } from '$lib/server/auth/guard';
import { formFailure } from '$lib/server/form-failure';
import { getServices } from '$lib/server/services';
import { fieldErrors, InviteForm } from '$lib/shared/auth-forms';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { readForm } from '$lib/server/read-form';

export const load: PageServerLoad = async ({ locals }) => {
	const { event, auth } = getServices();
	authorize(locals.actor, 'admin.view', policyContext(event));
	return { invites: await auth.invites.list() };
};

export const actions: Actions = {
	invite: async ({ locals, request }) => {
		const { event, auth, origin } = getServices();
		const actor = requireActor(locals.actor, 'invite.create', policyContext(event));
		const parsed = InviteForm.safeParse(await readForm(request));
		if (!parsed.success) return formFailure(400, { errors: fieldErrors(parsed.error) });
		const { role, session, hours, uses } = parsed.data;
		if (session && !event.sessions.some((s) => s.id === session))
			return formFailure(400, { errors: { session: 'form_invite_unknown_session' } });
		const { token } = await auth.invites.create({
			grant: { role, session },
			hours,
			uses,
			createdBy: actor.id
		});
		return { link: `${origin}/invite/${token}` };
	},
	revoke: async ({ locals, request }) => {
		const { event, auth } = getServices();
		requireActor(locals.actor, 'invite.create', policyContext(event));
		const id = z.uuid().safeParse((await readForm(request)).id);
		if (!id.success) return formFailure(400, { errors: { form: 'form_invalid' } });
		await auth.invites.revoke(id.data);
		return { revoked: true };
	}
};
