import { redirect } from '@sveltejs/kit';
import { authorize, policyContext, requireActor } from '$lib/server/auth/guard';
import { formFailure } from '$lib/server/form-failure';
import { diffSessions } from '$lib/server/interop/event-diff';
import {
	importScheduleBytes,
	MAX_SCHEDULE_BYTES,
	ZONE_PATH
} from '$lib/server/interop/import-schedule';
import { saveProgramme } from '$lib/server/programme/save-programme';
import { readForm, readFormData } from '$lib/server/read-form';
import { getServices } from '$lib/server/services';
import type { EventFile } from '$lib/shared/event-schema';
import { TimeZoneSchema } from '$lib/shared/event-schema';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const { programme } = getServices();
	authorize(locals.actor, 'programme.edit', policyContext(programme.event));
	const { version, event } = programme.current;
	return { version, event, timeZones: Intl.supportedValuesOf('timeZone') };
};

const ApplyForm = z.object({
	version: z.coerce.number().int().min(0),
	draft: z.uuid()
});

/**
 * The imported programme with what belongs to this instance rather than to the schedule: who may
 * take part (a schedule does not say, and an import must not open a closed event), and the
 * address once the programme has sessions (links and calendars made before stay valid).
 */
function keepingInstance(current: EventFile, imported: EventFile): EventFile {
	const slug = current.sessions.length === 0 ? imported.event.slug : current.event.slug;
	return { ...imported, event: { ...imported.event, slug, access: current.event.access } };
}

export const actions: Actions = {
	/**
	 * Checks an uploaded frab / c3voc / pretalx schedule.json: what it would add, remove and
	 * change, with a warning for every part left out; nothing changes until `apply`.
	 */
	preview: async ({ locals, request }) => {
		const services = getServices();
		const actor = requireActor(locals.actor, 'programme.edit', policyContext(services.event));
		const form = await readFormData(request);
		const file = form.get('file');
		const zoneText = String(form.get('timezone') ?? '').trim();
		if (!(file instanceof File) || file.size === 0)
			return formFailure(400, { errors: { file: 'form_import_file' } });
		if (file.size > MAX_SCHEDULE_BYTES)
			return formFailure(413, { errors: { file: 'form_import_too_large' } });
		if (zoneText && !TimeZoneSchema.safeParse(zoneText).success)
			return formFailure(400, { errors: { timezone: 'form_programme_timezone' } });
		const result = importScheduleBytes(new Uint8Array(await file.arrayBuffer()), {
			timeZone: zoneText || undefined
		});
		const source = file.name.slice(0, 200);
		if (!result.ok)
			return formFailure(400, {
				errors: { file: 'form_import_refused' },
				importProblems: result.problems.slice(0, 50),
				needsZone: result.problems.some((p) => p.path === ZONE_PATH)
			});
		const event = keepingInstance(services.event, result.file);
		const draft = await services.importDrafts.put({ event, source, createdBy: actor.id });
		const diff = diffSessions(services.event, event);
		const brief = (s: EventFile['sessions'][number]) => ({ id: s.id, title: s.title });
		return {
			preview: {
				draft,
				source,
				title: event.event.title,
				sessions: event.sessions.length,
				rooms: event.rooms.length,
				rounds: event.rounds.length,
				added: diff.added.map(brief),
				removed: diff.removed.map(brief),
				changed: diff.changed.map(({ id, changes }) => ({
					id,
					title: event.sessions.find((s) => s.id === id)?.title ?? id,
					fields: changes.map((c) => c.field)
				})),
				warnings: result.warnings
			}
		};
	},
	/** Replaces the programme with a checked upload, as one versioned save. */
	apply: async ({ locals, request }) => {
		const services = getServices();
		const actor = requireActor(locals.actor, 'programme.edit', policyContext(services.event));
		const parsed = ApplyForm.safeParse(await readForm(request));
		if (!parsed.success) return formFailure(400, { errors: { form: 'form_invalid' } });
		const draft = await services.importDrafts.get(parsed.data.draft, actor.id);
		if (!draft) return formFailure(404, { errors: { form: 'form_import_expired' } });
		const saved = await saveProgramme(
			services,
			actor,
			parsed.data.version,
			() => draft.event,
			`programme imported from ${draft.source}`
		);
		if (!saved.ok)
			return formFailure(409, {
				errors: { form: `form_programme_${saved.reason}` },
				programme: saved
			});
		await services.importDrafts.drop(parsed.data.draft);
		redirect(303, '/admin/programme?saved=import');
	}
};
