import { redirect } from '@sveltejs/kit';
import { requireActor, policyContext } from '$lib/server/auth/guard';
import { SESSION_COOKIE } from '$lib/server/auth/sessions';
import { formFailure } from '$lib/server/form-failure';
import { initials } from '$lib/server/auth/users';
import { getServices } from '$lib/server/services';
import { fieldErrors, ProfileForm } from '$lib/shared/auth-forms';
import { cookieName } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';
import { readForm } from '$lib/server/read-form';

export const load: PageServerLoad = async ({ locals }) => {
	const { event, auth } = getServices();
	requireActor(locals.actor, 'profile.edit', policyContext(event));
	const user = locals.user!;
	return {
		profile: {
			name: user.name,
			email: user.email,
			organisation: user.organisation,
			bio: user.bio,
			locale: user.locale,
			guest: user.guest,
			initials: initials(user.name),
			grants: user.grants
		},
		// Guests choose no sessions, so only members get a personal feed.
		calendarFeed: user.guest ? undefined : { createdAt: await auth.feeds.createdAt(user.id) }
	};
};

export const actions: Actions = {
	save: async ({ locals, request, cookies }) => {
		const { event, auth } = getServices();
		const actor = requireActor(locals.actor, 'profile.edit', policyContext(event));
		const parsed = ProfileForm.safeParse(await readForm(request));
		if (!parsed.success) return formFailure(400, { errors: fieldErrors(parsed.error) });
		await auth.users.update(actor.id, parsed.data);
		cookies.set(cookieName, parsed.data.locale, {
			path: '/',
			httpOnly: false,
			sameSite: 'lax',
			maxAge: 31536000
		});
		return { saved: true };
	},
	/**
	 * A new personal calendar address, shown this once (only its hash is kept); an earlier one
	 * stops working.
	 */
	newFeed: async ({ locals }) => {
		const { event, auth, clock, origin } = getServices();
		const actor = requireActor(locals.actor, 'profile.edit', policyContext(event));
		const token = await auth.feeds.create(actor.id, clock.now());
		return { feedUrl: `${origin}/calendar/personal/${token}.ics` };
	},
	delete: async ({ locals, cookies }) => {
		const { event, auth, chat, realtime } = getServices();
		const actor = requireActor(locals.actor, 'account.delete', policyContext(event));
		realtime?.endSessions(await auth.sessions.destroyAll(actor.id));
		await auth.users.delete(actor.id);
		await chat.markUserDeleted(actor.id);
		await auth.feeds.revoke(actor.id);
		cookies.delete(SESSION_COOKIE, { path: '/' });
		redirect(303, '/?deleted=1');
	}
};
