import { createInvite } from '$lib/server/auth/create-invite';
import { revokeRole } from '$lib/server/auth/revoke-role';
import { authorize, policyContext, requireActor } from '$lib/server/auth/guard';
import { formFailure } from '$lib/server/form-failure';
import { getServices } from '$lib/server/services';
import { fieldErrors, InviteForm } from '$lib/shared/auth-forms';
import { GrantSchema } from '$lib/shared/policy';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { readForm } from '$lib/server/read-form';

export const load: PageServerLoad = async ({ locals }) => {
	const { event, auth, audit } = getServices();
	authorize(locals.actor, 'admin.view', policyContext(event));
	const people = await auth.users.withRoles();
	return {
		invites: await auth.invites.list(),
		people: people.map(({ id, name, email, grants }) => ({ id, name, email, grants })),
		audit: await audit.latest(30)
	};
};

const RevokeRole = z.object({
	user: z.string().min(1).max(100),
	role: GrantSchema.shape.role,
	session: z
		.string()
		.max(100)
		.optional()
		.transform((v) => v || undefined)
});

export const actions: Actions = {
	invite: async ({ locals, request }) => {
		const services = getServices();
		const { event } = services;
		const actor = requireActor(locals.actor, 'invite.create', policyContext(event));
		const parsed = InviteForm.safeParse(await readForm(request));
		if (!parsed.success) return formFailure(400, { errors: fieldErrors(parsed.error) });
		const { role, session, hours, uses } = parsed.data;
		if (session && !event.sessions.some((s) => s.id === session))
			return formFailure(400, { errors: { session: 'form_invite_unknown_session' } });
		return { link: await createInvite(services, actor, { grant: { role, session }, hours, uses }) };
	},
	revoke: async ({ locals, request }) => {
		const { event, auth, audit, clock } = getServices();
		const actor = requireActor(locals.actor, 'invite.create', policyContext(event));
		const id = z.uuid().safeParse((await readForm(request)).id);
		if (!id.success) return formFailure(400, { errors: { form: 'form_invalid' } });
		await auth.invites.revoke(id.data);
		await audit.record({
			at: clock.now(),
			action: 'invite.revoke',
			actorId: actor.id,
			actorName: actor.name,
			target: `invite ${id.data}`,
			detail: 'revoked'
		});
		return { revoked: true };
	},
	/**
	 * Takes a role back. The person's open connections close, so their pages stop acting with
	 * the role at once; an admin cannot take their own admin role (someone must keep the keys).
	 */
	revokeRole: async ({ locals, request }) => {
		const services = getServices();
		const actor = requireActor(locals.actor, 'programme.edit', policyContext(services.event));
		const parsed = RevokeRole.safeParse(await readForm(request));
		if (!parsed.success) return formFailure(400, { errors: { role: 'form_invalid' } });
		const { user: userId, role, session } = parsed.data;
		if (userId === actor.id && role === 'admin')
			return formFailure(400, { errors: { role: 'form_role_own_admin' } });
		if ((await revokeRole(services, actor, userId, { role, session })) === 'unknown')
			return formFailure(404, { errors: { role: 'form_role_unknown' } });
		return { roleRevoked: userId };
	}
};
