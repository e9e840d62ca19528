import { error, redirect } from '@sveltejs/kit';
import { authorize, policyContext, requireActor } from '$lib/server/auth/guard';
import { echoValues, formFailure } from '$lib/server/form-failure';
import { saveProgramme } from '$lib/server/programme/save-programme';
import { readForm } from '$lib/server/read-form';
import { getServices } from '$lib/server/services';
import { fieldErrors } from '$lib/shared/auth-forms';
import {
	SessionForm,
	sessionFromForm,
	withoutSession,
	withSession
} from '$lib/shared/programme-edit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';

const NEW = 'new';
const TEXT_FIELDS = [
	'id',
	'title_nl',
	'title_en',
	'description_nl',
	'description_en',
	'date',
	'start',
	'end',
	'capacity',
	'hosts',
	'speakers'
];

export const load: PageServerLoad = ({ locals, params }) => {
	const { programme } = getServices();
	authorize(locals.actor, 'programme.edit', policyContext(programme.event));
	const { version, event } = programme.current;
	const session = event.sessions.find((s) => s.id === params.id);
	if (!session && params.id !== NEW) error(404, 'There is no such session in the programme.');
	return { version, event, session };
};

export const actions: Actions = {
	save: async ({ locals, request, params }) => {
		const services = getServices();
		const actor = requireActor(locals.actor, 'programme.edit', policyContext(services.event));
		const values = await readForm(request);
		const echo = echoValues(values, TEXT_FIELDS);
		const parsed = SessionForm.safeParse(values);
		if (!parsed.success)
			return formFailure(400, { errors: fieldErrors(parsed.error), values: echo });
		const existing = services.event.sessions.find((s) => s.id === params.id);
		if (!existing && params.id !== NEW) error(404, 'There is no such session in the programme.');
		const made = sessionFromForm(parsed.data, services.event, existing);
		if (!made.ok) return formFailure(400, { errors: made.errors, values: echo });
		const saved = await saveProgramme(
			services,
			actor,
			parsed.data.version,
			(event) => withSession(event, made.session, existing?.id),
			existing ? `session ${existing.id} edited` : `session ${made.session.id} added`
		);
		if (!saved.ok)
			return formFailure(409, {
				errors: { form: `form_programme_${saved.reason}` },
				values: echo,
				programme: saved
			});
		redirect(303, `/admin/programme?saved=${encodeURIComponent(made.session.id)}`);
	},
	/** Cancels the session: it leaves the programme; people placed in it are told. */
	cancel: async ({ locals, request, params }) => {
		const services = getServices();
		const actor = requireActor(locals.actor, 'programme.edit', policyContext(services.event));
		const version = z.coerce
			.number()
			.int()
			.min(0)
			.safeParse((await readForm(request)).version);
		if (!version.success) return formFailure(400, { errors: { form: 'form_invalid' } });
		if (!services.event.sessions.some((s) => s.id === params.id))
			error(404, 'There is no such session in the programme.');
		const saved = await saveProgramme(
			services,
			actor,
			version.data,
			(event) => withoutSession(event, params.id),
			`session ${params.id} cancelled`
		);
		if (!saved.ok)
			return formFailure(409, {
				errors: { form: `form_programme_${saved.reason}` },
				programme: saved
			});
		redirect(303, `/admin/programme?cancelled=${encodeURIComponent(params.id)}`);
	}
};
