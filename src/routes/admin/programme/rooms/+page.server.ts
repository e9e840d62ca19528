import { authorize, policyContext, requireActor } from '$lib/server/auth/guard';
import { formFailure } from '$lib/server/form-failure';
import { saveProgramme } from '$lib/server/programme/save-programme';
import { readForm } from '$lib/server/read-form';
import { getServices } from '$lib/server/services';
import { fieldErrors } from '$lib/shared/auth-forms';
import { RoomForm, RoundForm, withRoom, withRound, without } from '$lib/shared/programme-edit';
import { SlugSchema } from '$lib/shared/slug';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const { programme } = getServices();
	authorize(locals.actor, 'programme.edit', policyContext(programme.event));
	const { version, event } = programme.current;
	return { version, event };
};

const Removal = z.object({ version: z.coerce.number().int().min(0), id: SlugSchema });

/**
 * Rooms and rounds. Every failure names the form it belongs to (`target`: `room:<id>`,
 * `round:<id>`, or `room:new` / `round:new`), so the page shows it there.
 */
export const actions: Actions = {
	room: async ({ locals, request }) => {
		const services = getServices();
		const actor = requireActor(locals.actor, 'programme.edit', policyContext(services.event));
		const values = await readForm(request);
		const target = `room:${typeof values.room === 'string' && values.room ? values.room : 'new'}`;
		const parsed = RoomForm.safeParse(values);
		if (!parsed.success) return formFailure(400, { errors: fieldErrors(parsed.error), target });
		if (parsed.data.room && !services.event.rooms.some((r) => r.id === parsed.data.room))
			return formFailure(404, { errors: { form: 'form_programme_unknown' }, target });
		const made = withRoom(services.event, parsed.data);
		if (!made.ok) return formFailure(400, { errors: made.errors, target });
		const saved = await saveProgramme(
			services,
			actor,
			parsed.data.version,
			() => made.event,
			parsed.data.room ? `room ${made.room.id} renamed` : `room ${made.room.id} added`
		);
		if (!saved.ok)
			return formFailure(409, {
				errors: { form: `form_programme_${saved.reason}` },
				programme: saved,
				target
			});
		return { savedRoom: made.room.id };
	},
	round: async ({ locals, request }) => {
		const services = getServices();
		const actor = requireActor(locals.actor, 'programme.edit', policyContext(services.event));
		const values = await readForm(request);
		const target = `round:${typeof values.round === 'string' && values.round ? values.round : 'new'}`;
		const parsed = RoundForm.safeParse(values);
		if (!parsed.success) return formFailure(400, { errors: fieldErrors(parsed.error), target });
		if (parsed.data.round && !services.event.rounds.some((r) => r.id === parsed.data.round))
			return formFailure(404, { errors: { form: 'form_programme_unknown' }, target });
		const made = withRound(services.event, parsed.data);
		if (!made.ok) return formFailure(400, { errors: made.errors, target });
		const saved = await saveProgramme(
			services,
			actor,
			parsed.data.version,
			() => made.event,
			parsed.data.round ? `round ${made.round.id} edited` : `round ${made.round.id} added`
		);
		if (!saved.ok)
			return formFailure(409, {
				errors: { form: `form_programme_${saved.reason}` },
				programme: saved,
				target
			});
		return { savedRound: made.round.id };
	},
	removeRoom: ({ locals, request }) => remove('room', locals.actor, request),
	removeRound: ({ locals, request }) => remove('round', locals.actor, request)
};

/** Removes a room or round; one that sessions still use is refused, naming them. */
async function remove(kind: 'room' | 'round', who: App.Locals['actor'], request: Request) {
	const services = getServices();
	const actor = requireActor(who, 'programme.edit', policyContext(services.event));
	const parsed = Removal.safeParse(await readForm(request));
	if (!parsed.success) return formFailure(400, { errors: { form: 'form_invalid' } });
	const { version, id } = parsed.data;
	const target = `${kind}:${id}`;
	const list = kind === 'room' ? services.event.rooms : services.event.rounds;
	if (!list.some((item) => item.id === id))
		return formFailure(404, { errors: { form: 'form_programme_unknown' }, target });
	const removed = without(services.event, kind, id);
	if (!removed.ok)
		return formFailure(409, {
			errors: { form: `form_programme_${kind}_in_use` },
			usedBy: removed.usedBy,
			target
		});
	const saved = await saveProgramme(
		services,
		actor,
		version,
		() => removed.event,
		`${kind} ${id} removed`
	);
	if (!saved.ok)
		return formFailure(409, {
			errors: { form: `form_programme_${saved.reason}` },
			programme: saved,
			target
		});
	return { removed: target };
}
