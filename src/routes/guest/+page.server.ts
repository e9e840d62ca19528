import { error, redirect } from '@sveltejs/kit';
import { setSessionCookie } from '$lib/server/auth/sign-in';
import { formFailure } from '$lib/server/form-failure';
import { hit } from '$lib/server/rate-limit';
import { rateLimitKeys } from '$lib/server/redis-keys';
import { getServices } from '$lib/server/services';
import { fieldErrors, GuestForm } from '$lib/shared/auth-forms';
import { getLocale } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';
import { readForm } from '$lib/server/read-form';

/** Open events: take part with only a display name. */
export const load: PageServerLoad = ({ url }) => {
	if (getServices().event.event.access !== 'open') error(404, 'This event needs an account.');
	return { next: url.searchParams.get('next') ?? undefined };
};

export const actions: Actions = {
	default: async ({ request, cookies, url, getClientAddress }) => {
		const { event, auth, redis, config } = getServices();
		if (event.event.access !== 'open') error(403, 'This event needs an account.');
		const values = await readForm(request);
		const parsed = GuestForm.safeParse(values);
		if (!parsed.success) return formFailure(400, { errors: fieldErrors(parsed.error) });
		const limit = await hit(
			redis,
			rateLimitKeys.guestIp(getClientAddress()),
			config.PLENAIR_GUEST_LIMIT_PER_IP,
			3600
		);
		if (!limit.allowed)
			return formFailure(429, {
				errors: { form: 'form_rate_limited' },
				retryAfterMinutes: Math.ceil(limit.retryAfterSeconds / 60)
			});
		const user = await auth.users.createGuest(parsed.data.name, getLocale());
		const { token } = await auth.sessions.create(user.id);
		setSessionCookie(cookies, token, url.protocol === 'https:');
		redirect(303, parsed.data.next ?? '/');
	}
};
