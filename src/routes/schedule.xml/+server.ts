import { error } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { exportLocale, exportSchedule } from '$lib/server/interop/export-schedule';
import { scheduleXml } from '$lib/server/interop/schedule-xml';
import { getServices } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** The programme in the frab schedule.xml format; `?lang=nl|en` picks the language. */
export const GET: RequestHandler = ({ url }) => {
	const locale = exportLocale(url, getLocale());
	if (!locale) error(400, 'lang must be nl or en');
	const doc = exportSchedule(getServices().event, { origin: getServices().origin, locale });
	return new Response(scheduleXml(doc), {
		headers: { 'content-type': 'application/xml', 'cache-control': 'no-cache' }
	});
};
