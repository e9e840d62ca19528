import { authorize, policyContext, requireActor } from '$lib/server/auth/guard';
import { formFailure } from '$lib/server/form-failure';
import { saveProgramme } from '$lib/server/programme/save-programme';
import { readForm } from '$lib/server/read-form';
import { getServices } from '$lib/server/services';
import { fieldErrors } from '$lib/shared/auth-forms';
import { findClashes } from '$lib/shared/programme-clashes';
import { ShiftForm, shifted } from '$lib/shared/programme-edit';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const { programme, audit } = getServices();
	authorize(locals.actor, 'programme.edit', policyContext(programme.event));
	const { version, savedAt, savedBy, event } = programme.current;
	return {
		edited: { version, savedAt, savedBy: savedBy?.name, event },
		clashes: findClashes(event),
		history: (await audit.latest(50)).filter((e) => e.action === 'programme.save').slice(0, 10)
	};
};

export const actions: Actions = {
	/** Moves a round (with its sessions) or one session by some minutes. */
	shift: async ({ locals, request }) => {
		const services = getServices();
		const actor = requireActor(locals.actor, 'programme.edit', policyContext(services.event));
		const parsed = ShiftForm.safeParse(await readForm(request));
		if (!parsed.success) return formFailure(400, { errors: fieldErrors(parsed.error) });
		const { version, target, minutes } = parsed.data;
		const [kind, id] = target.split(':');
		const exists =
			kind === 'round'
				? services.event.rounds.some((r) => r.id === id)
				: services.event.sessions.some((s) => s.id === id);
		if (!exists) return formFailure(404, { errors: { form: 'form_programme_unknown' } });
		const saved = await saveProgramme(
			services,
			actor,
			version,
			(event) => shifted(event, target, minutes),
			`${kind} ${id} moved by ${minutes} minutes`
		);
		if (!saved.ok)
			return formFailure(409, {
				errors: { form: `form_programme_${saved.reason}` },
				programme: saved
			});
		return { shifted: target, version: saved.version };
	}
};
