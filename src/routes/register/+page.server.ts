import { requestSignInLink } from '$lib/server/auth/sign-in';
import { echoValues, formFailure } from '$lib/server/form-failure';
import { getServices } from '$lib/server/services';
import { fieldErrors, RegisterForm } from '$lib/shared/auth-forms';
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
		const parsed = RegisterForm.safeParse(values);
		if (!parsed.success)
			return formFailure(400, { errors: fieldErrors(parsed.error), values: echo(values) });
		const form = parsed.data;

		if (services.event.event.access === 'invite') {
			const invite = form.invite ? await services.auth.invites.peek(form.invite) : undefined;
			if (!invite)
				return formFailure(403, { errors: { form: 'form_invite_only' }, values: echo(values) });
		}

		const locale = getLocale();
		const result = await requestSignInLink(services, {
			payload: {
				email: form.email,
				name: form.name,
				organisation: form.organisation,
				invite: form.invite,
				next: form.next,
				locale
			},
			registering: true,
			ip: getClientAddress(),
			origin: services.config.ORIGIN ?? url.origin,
			locale
		});
		if (!result.sent)
			return formFailure(429, {
				errors: { form: 'form_rate_limited' },
				retryAfterMinutes: Math.ceil(result.retryAfterSeconds / 60),
				values: echo(values)
			});
		return { sent: true, email: form.email };
	}
};

const echo = (values: Record<string, FormDataEntryValue>) =>
	echoValues(values, ['name', 'email', 'organisation']);
