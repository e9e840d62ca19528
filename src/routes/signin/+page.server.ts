import { requestSignInLink } from '$lib/server/auth/sign-in';
import { echoValues, formFailure } from '$lib/server/form-failure';
import { getServices } from '$lib/server/services';
import { fieldErrors, SignInForm } from '$lib/shared/auth-forms';
import { getLocale } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';
import { readForm } from '$lib/server/read-form';

export const load: PageServerLoad = ({ url }) => {
	const { event } = getServices();
	return { access: event.event.access, next: url.searchParams.get('next') ?? undefined };
};

export const actions: Actions = {
	default: async ({ request, getClientAddress, url }) => {
		const services = getServices();
		const values = await readForm(request);
		const parsed = SignInForm.safeParse(values);
		const echoed = echoValues(values, ['email']);
		if (!parsed.success)
			return formFailure(400, { errors: fieldErrors(parsed.error), values: echoed });

		const locale = getLocale();
		const result = await requestSignInLink(services, {
			payload: { email: parsed.data.email, next: parsed.data.next, locale },
			registering: false,
			ip: getClientAddress(),
			origin: services.config.ORIGIN ?? url.origin,
			locale
		});
		if (!result.sent)
			return formFailure(429, {
				errors: { form: 'form_rate_limited' },
				retryAfterMinutes: Math.ceil(result.retryAfterSeconds / 60),
				values: echoed
			});
		return { sent: true, email: parsed.data.email };
	}
};
