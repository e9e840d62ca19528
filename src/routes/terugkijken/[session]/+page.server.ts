import { error } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { canManage, canWatch, managerView, sessionOr404 } from '$lib/server/recordings/http';
import { getServices } from '$lib/server/services';
import { localize } from '$lib/shared/programme';
import { replayLines } from '$lib/shared/recordings/logic';
import { localTime } from '$lib/shared/zoned-time';
import type { PageServerLoad } from './$types';

const REPLAY_MAX = 5000;

export const load: PageServerLoad = async ({ params, locals }) => {
	const services = getServices();
	const session = sessionOr404(services, params.session);
	if (!canWatch(services, locals.actor, session))
		error(
			locals.actor ? 403 : 401,
			locals.actor ? 'You may not watch this recording.' : 'Sign in to watch.'
		);
	const manager = canManage(services, locals.actor, session);
	const recording = await services.recordings.get(session.id);
	const ready = recording?.status === 'ready' ? recording : undefined;
	// The session's chat, placed on the video's timeline by the programme-clock time of each message.
	const chat = ready?.file ? await services.chat.since(session.id, '0', REPLAY_MAX) : undefined;
	const locale = getLocale();
	return {
		session: {
			id: session.id,
			kind: session.kind,
			title: localize(session.title, locale),
			start: session.start,
			end: session.end,
			people: [...session.hosts, ...session.speakers].map((p) => p.name)
		},
		video: ready && {
			external: ready.source === 'link' ? ready.externalUrl : undefined,
			file: Boolean(ready.file),
			captions: Boolean(ready.captions),
			durationMs: ready.durationMs,
			chapters: [...ready.chapters].sort((a, b) => a.atMs - b.atMs),
			replay: chat ? replayLines(chat.messages, ready.recordedFrom, ready.durationMs) : []
		},
		manager: manager
			? {
					...managerView(recording),
					uploadLimitBytes: services.config.uploadLimitBytes,
					from: localTime(
						recording?.recordedFrom ?? Date.parse(session.start),
						services.event.event.timezone,
						{ seconds: true }
					)
				}
			: undefined
	};
};
