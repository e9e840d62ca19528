import { authorize, policyContext, requireActor } from '$lib/server/auth/guard';
import { formFailure } from '$lib/server/form-failure';
import { saveProgramme } from '$lib/server/programme/save-programme';
import { readForm } from '$lib/server/read-form';
import { getServices } from '$lib/server/services';
import { fieldErrors } from '$lib/shared/auth-forms';
import { RoomForm, RoundForm, withRoom, withRound, without } from '$lib/shared/programme-edit';
import { SlugSchema } from '$lib/shared/slug';
import type { EventFile } from '$lib/shared/event-schema';
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
	room: ({ locals, request }) =>
		save('room', locals.actor, request, RoomForm, (event, form) => {
			const made = withRoom(event, form);
			return made.ok ? { ok: true, event: made.event, id: made.room.id } : made;
		}),
	round: ({ locals, request }) =>
		save('round', locals.actor, request, RoundForm, (event, form) => {
			const made = withRound(event, form);
			return made.ok ? { ok: true, event: made.event, id: made.round.id } : made;
		}),
	removeRoom: ({ locals, request }) => remove('room', locals.actor, request),
	removeRound: ({ locals, request }) => remove('round', locals.actor, request)
};

type Made =
	{ ok: true; event: EventFile; id: string } | { ok: false; errors: Record<string, string> };

/** Adds a room or round (its form's `room` / `round` empty), or changes the one it names. */
async function save<F extends { version: number; room?: string; round?: string }>(
	kind: 'room' | 'round',
	who: App.Locals['actor'],
	request: Request,
	schema: z.ZodType<F, Record<string, unknown>>,
	make: (event: EventFile, form: F) => Made
) {
	const services = getServices();
	const actor = requireActor(who, 'programme.edit', policyContext(services.event));
	const values = await readForm(request);
	const named = values[kind];
	const target = `${kind}:${typeof named === 'string' && named ? named : 'new'}`;
	const parsed = schema.safeParse(values);
	if (!parsed.success) return formFailure(400, { errors: fieldErrors(parsed.error), target });
	const id = parsed.data[kind];
	const list = kind === 'room' ? services.event.rooms : services.event.rounds;
	if (id && !list.some((item) => item.id === id))
		return formFailure(404, { errors: { form: 'form_programme_unknown' }, target });
	const made = make(services.event, parsed.data);
	if (!made.ok) return formFailure(400, { errors: made.errors, target });
	const saved = await saveProgramme(
		services,
		actor,
		parsed.data.version,
		() => made.event,
		id ? `${kind} ${made.id} edited` : `${kind} ${made.id} added`
	);
	if (!saved.ok)
		return formFailure(409, {
			errors: { form: `form_programme_${saved.reason}` },
			programme: saved,
			target
		});
	return kind === 'room' ? { savedRoom: made.id } : { savedRound: made.id };
}

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
