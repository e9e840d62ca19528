import { linkFormData, mailSignInLink } from '$lib/server/auth/link-form';
import { echoValues, formFailure } from '$lib/server/form-failure';
import { readForm } from '$lib/server/read-form';
import { fieldErrors, SignInForm } from '$lib/shared/auth-forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => linkFormData(url);

export const actions: Actions = {
	default: async (event) => {
		const values = await readForm(event.request);
		const parsed = SignInForm.safeParse(values);
		const echoed = echoValues(values, ['email']);
		if (!parsed.success)
			return formFailure(400, { errors: fieldErrors(parsed.error), values: echoed });
		const { email, next } = parsed.data;
		return mailSignInLink(event, { email, next }, false, echoed);
	}
};
