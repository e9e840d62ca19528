import { error } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { calendarHeaders, sessionCalendar } from '$lib/server/interop/calendar';
import { sessionSequences } from '$lib/server/interop/calendar-sequence';
import { exportLocale } from '$lib/server/interop/export-schedule';
import { getServices } from '$lib/server/services';
import { findSession } from '$lib/shared/programme';
import type { RequestHandler } from './$types';

/** One session as an iCalendar file ("Add to calendar"); `?lang=nl|en` picks the language. */
export const GET: RequestHandler = async ({ url, params }) => {
	const { event, redis, clock, origin } = getServices();
	const session = findSession(event, params.id);
	if (!session) error(404, 'No session with this id in the programme.');
	const locale = exportLocale(url, getLocale());
	if (!locale) error(400, 'lang must be nl or en');
	const sequences = await sessionSequences(redis, event, [session]);
	const body = sessionCalendar(event, session, {
		origin,
		locale,
		stamp: clock.now(),
		sequences
	});
	return new Response(body, { headers: calendarHeaders(`${session.id}.ics`) });
};
