import { error } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { calendarHeaders, programmeCalendar } from '$lib/server/interop/calendar';
import { sessionSequences } from '$lib/server/interop/calendar-sequence';
import { exportLocale } from '$lib/server/interop/export-schedule';
import { getServices } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** The whole programme as an iCalendar feed to subscribe to; `?lang=nl|en` picks the language. */
export const GET: RequestHandler = async ({ url }) => {
	const locale = exportLocale(url, getLocale());
	if (!locale) error(400, 'lang must be nl or en');
	const { event, redis, clock, origin } = getServices();
	const sequences = await sessionSequences(redis, event, event.sessions);
	const body = programmeCalendar(event, {
		origin,
		locale,
		stamp: clock.now(),
		sequences
	});
	return new Response(body, { headers: calendarHeaders(`${event.event.slug}.ics`) });
};
