import { redirect } from '@sveltejs/kit';
import { authorize, policyContext, requireActor } from '$lib/server/auth/guard';
import { echoValues, formFailure } from '$lib/server/form-failure';
import { saveProgramme } from '$lib/server/programme/save-programme';
import { readForm } from '$lib/server/read-form';
import { getServices } from '$lib/server/services';
import { fieldErrors } from '$lib/shared/auth-forms';
import { EventForm, eventFromForm } from '$lib/shared/programme-edit';
import type { Actions, PageServerLoad } from './$types';

const TEXT_FIELDS = [
	'slug',
	'title_nl',
	'title_en',
	'subtitle_nl',
	'subtitle_en',
	'description_nl',
	'description_en',
	'organiser',
	'timezone',
	'start_date',
	'start_time',
	'end_date',
	'end_time'
];

export const load: PageServerLoad = ({ locals }) => {
	const { programme } = getServices();
	authorize(locals.actor, 'programme.edit', policyContext(programme.event));
	const { version, event } = programme.current;
	return { version, event, timeZones: Intl.supportedValuesOf('timeZone') };
};

export const actions: Actions = {
	/** The event's own settings: title, texts, dates, zone, languages and who may come in. */
	save: async ({ locals, request }) => {
		const services = getServices();
		const actor = requireActor(locals.actor, 'programme.edit', policyContext(services.event));
		const values = await readForm(request);
		const echo = echoValues(values, TEXT_FIELDS);
		const parsed = EventForm.safeParse(values);
		if (!parsed.success)
			return formFailure(400, { errors: fieldErrors(parsed.error), values: echo });
		const made = eventFromForm(parsed.data, services.event);
		if (!made.ok) return formFailure(400, { errors: made.errors, values: echo });
		const saved = await saveProgramme(
			services,
			actor,
			parsed.data.version,
			() => made.event,
			`event settings edited (access: ${made.event.event.access})`
		);
		if (!saved.ok)
			return formFailure(409, {
				errors: { form: `form_programme_${saved.reason}` },
				values: echo,
				programme: saved
			});
		redirect(303, '/admin/programme?saved=event');
	}
};
