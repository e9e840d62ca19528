import { getLocale } from '$lib/paraglide/runtime';
import { canManage } from '$lib/server/recordings/http';
import { getServices } from '$lib/server/services';
import { localize } from '$lib/shared/programme';
import { matchesQuery } from '$lib/shared/recordings/logic';
import { parseLibraryQuery } from '$lib/shared/recordings/schema';
import type { PageServerLoad } from './$types';

/**
 * Every recorded session, grouped by programme round. Viewers see ready recordings only; those
 * who manage recordings also see the ones still running or failed, with the reason.
 */
export const load: PageServerLoad = async ({ url, locals }) => {
	const services = getServices();
	const { event } = services;
	const locale = getLocale();
	const query = parseLibraryQuery(url.searchParams);
	const recordings = new Map((await services.recordings.all()).map((r) => [r.session, r]));
	const items = event.sessions
		.filter((session) => recordings.has(session.id))
		.map((session) => {
			const recording = recordings.get(session.id)!;
			const manager = canManage(services, locals.actor, session);
			return { session, recording, manager };
		})
		.filter(({ recording, manager }) => recording.status === 'ready' || manager)
		.filter(
			({ session }) =>
				!query.q ||
				matchesQuery(query.q, [
					localize(session.title, 'nl'),
					localize(session.title, 'en'),
					...session.hosts.map((h) => h.name),
					...session.speakers.map((s) => s.name)
				])
		)
		.sort((a, b) => Date.parse(a.session.start) - Date.parse(b.session.start))
		.map(({ session, recording, manager }) => ({
			id: session.id,
			title: localize(session.title, locale),
			kind: session.kind,
			start: session.start,
			end: session.end,
			round: session.round,
			people: [...session.hosts, ...session.speakers].map((p) => p.name),
			status: recording.status,
			error: manager ? recording.error : undefined,
			durationMs: recording.durationMs,
			external: recording.source === 'link',
			thumbnail: recording.status === 'ready' && Boolean(recording.thumbnail)
		}));
	const groups = [
		...event.rounds.map((round) => ({
			id: round.id,
			title: localize(round.title, locale),
			items: items.filter((i) => i.round === round.id)
		})),
		{ id: '', title: '', items: items.filter((i) => !i.round) }
	].filter((g) => g.items.length > 0);
	return { query, groups, total: recordings.size };
};
