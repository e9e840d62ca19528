import { linkFormData, mailSignInLink } from '$lib/server/auth/link-form';
import { echoValues, formFailure } from '$lib/server/form-failure';
import { getServices } from '$lib/server/services';
import { readForm } from '$lib/server/read-form';
import { fieldErrors, RegisterForm } from '$lib/shared/auth-forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => linkFormData(url);

export const actions: Actions = {
	default: async (event) => {
		const services = getServices();
		const values = await readForm(event.request);
		const echoed = echoValues(values, ['name', 'email', 'organisation']);
		const parsed = RegisterForm.safeParse(values);
		if (!parsed.success)
			return formFailure(400, { errors: fieldErrors(parsed.error), values: echoed });
		const form = parsed.data;

		if (services.event.event.access === 'invite') {
			const invite = form.invite ? await services.auth.invites.peek(form.invite) : undefined;
			if (!invite)
				return formFailure(403, { errors: { form: 'form_invite_only' }, values: echoed });
		}

		const { email, name, organisation, invite, next } = form;
		return mailSignInLink(event, { email, name, organisation, invite, next }, true, echoed);
	}
};
