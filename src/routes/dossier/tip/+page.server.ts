import { getLocale } from '$lib/paraglide/runtime';
import { submitTip } from '$lib/server/dossier/tips';
import { echoValues, formFailure } from '$lib/server/form-failure';
import { getServices } from '$lib/server/services';
import { readForm } from '$lib/server/read-form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => ({
	origin: getServices().origin
});

export const actions: Actions = {
	/** Anyone, signed in or not. Nothing is published until an organiser approves it. */
	default: async ({ request, getClientAddress }) => {
		const services = getServices();
		const values = await readForm(request);
		const result = await submitTip(services, values, {
			ip: getClientAddress(),
			locale: getLocale(),
			now: new Date(services.clock.now())
		});
		if (!result.ok)
			return formFailure(result.status, {
				errors: result.errors,
				retryAfterMinutes: result.retryAfterMinutes,
				values: echoValues(values, ['url', 'note', 'email'])
			});
		return { sent: true };
	}
};
