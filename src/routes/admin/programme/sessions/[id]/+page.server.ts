import { error, redirect } from '@sveltejs/kit';
import { createInvite } from '$lib/server/auth/create-invite';
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
	'speakers',
	'board_questions',
	'board_votes',
	'board_collect',
	'board_group',
	'board_vote'
];

/** How long a speaker's invite stays valid: a week, time to read the mail and answer. */
const SPEAKER_INVITE_HOURS = 7 * 24;

export const load: PageServerLoad = async ({ locals, params }) => {
	const { programme, auth, clock } = getServices();
	authorize(locals.actor, 'programme.edit', policyContext(programme.event));
	const { version, event } = programme.current;
	const session = event.sessions.find((s) => s.id === params.id);
	if (!session && params.id !== NEW) error(404, 'There is no such session in the programme.');
	if (!session) return { version, event, session, speakers: [], openInvites: [] };
	const now = clock.now();
	const [accounts, invites] = await Promise.all([
		auth.users.speakersOf(session.id),
		auth.invites.list()
	]);
	return {
		version,
		event,
		session,
		/** Speakers who accepted their invite: they have an account with the role. */
		speakers: accounts.map(({ id, name, email }) => ({ id, name, email })),
		openInvites: invites
			.filter(
				(i) =>
					i.grant.role === 'speaker' &&
					i.grant.session === session.id &&
					i.usesLeft > 0 &&
					i.expiresAt > now
			)
			.map(({ id, expiresAt, usesLeft }) => ({ id, expiresAt, usesLeft }))
	};
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
	/** An invite that makes one person a speaker of this session. */
	inviteSpeaker: async ({ locals, params }) => {
		const services = getServices();
		const actor = requireActor(locals.actor, 'invite.create', policyContext(services.event));
		if (!services.event.sessions.some((s) => s.id === params.id))
			error(404, 'There is no such session in the programme.');
		const link = await createInvite(services, actor, {
			grant: { role: 'speaker', session: params.id },
			hours: SPEAKER_INVITE_HOURS,
			uses: 1
		});
		return { speakerInvite: link };
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
