import { fail, redirect } from '@sveltejs/kit';
import { setSessionCookie } from '$lib/server/auth/sign-in';
import { getServices } from '$lib/server/services';
import { LinkForm, NextPath } from '$lib/shared/auth-forms';
import { cookieName } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';
import { readForm } from '$lib/server/read-form';

/*
 * The link from the mail opens a page with one button: mail scanners that fetch links do not
 * use the link up; the person's click (a POST) does.
 */
export const load: PageServerLoad = async ({ url }) => {
	const token = url.searchParams.get('token') ?? '';
	const payload = LinkForm.safeParse({ token }).success
		? await getServices().auth.links.peek(token)
		: undefined;
	return { token, valid: payload !== undefined, email: payload?.email };
};

export const actions: Actions = {
	default: async ({ request, cookies, url }) => {
		const { auth, audit, clock } = getServices();
		const parsed = LinkForm.safeParse(await readForm(request));
		const payload = parsed.success ? await auth.links.consume(parsed.data.token) : undefined;
		if (!payload) return fail(410, { expired: true });

		let user = await auth.users.findOrCreateMember({
			email: payload.email,
			name: payload.name ?? payload.email.split('@')[0],
			organisation: payload.organisation,
			locale: payload.locale
		});
		if (payload.invite) {
			const invite = await auth.invites.redeem(payload.invite);
			if (invite) {
				await auth.users.addGrant(user.id, invite.grant);
				await audit.record({
					at: clock.now(),
					action: 'invite.redeem',
					actorId: user.id,
					actorName: user.name,
					target: user.name,
					detail: invite.grant.session
						? `${invite.grant.role} of ${invite.grant.session}`
						: `${invite.grant.role} of the whole event`
				});
				user = (await auth.users.get(user.id)) ?? user;
			}
		}
		const { token } = await auth.sessions.create(user.id);
		setSessionCookie(cookies, token, url.protocol === 'https:');
		if (user.locale)
			cookies.set(cookieName, user.locale, {
				path: '/',
				httpOnly: false,
				sameSite: 'lax',
				maxAge: 31536000
			});
		redirect(303, NextPath.safeParse(payload.next).data ?? '/');
	}
};
