import { error } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { calendarHeaders, sessionsCalendar } from '$lib/server/interop/calendar';
import { sessionSequences } from '$lib/server/interop/calendar-sequence';
import { exportLocale } from '$lib/server/interop/export-schedule';
import { getServices } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** A person's own evening: the plenaries and the sessions they chose. The token is the key. */
export const GET: RequestHandler = async ({ params, url }) => {
	const { event, redis, clock, signup, auth, origin } = getServices();
	const token = params.token.replace(/\.ics$/, '');
	const userId = await auth.feeds.owner(token);
	const user = userId ? await auth.users.get(userId) : undefined;
	if (!user) error(404, 'No calendar feed at this address (it may have been revoked).');
	const locale = exportLocale(url, user.locale ?? getLocale());
	if (!locale) error(400, 'lang must be nl or en');

	const chosen = new Set<string>();
	for (const round of event.rounds.filter((r) => r.signup)) {
		const placement = await signup.placementOf(round.id, user.id);
		if (placement) chosen.add(placement.session);
	}
	const sessions = event.sessions.filter((s) => s.kind === 'plenary' || chosen.has(s.id));
	const sequences = await sessionSequences(redis, event, sessions);
	const body = sessionsCalendar(event, sessions, {
		origin,
		locale,
		stamp: clock.now(),
		sequences
	});
	return new Response(body, {
		headers: { ...calendarHeaders('mijn-programma.ics'), 'cache-control': 'no-store' }
	});
};
