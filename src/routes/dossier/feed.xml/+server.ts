import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { dossierFeed } from '$lib/server/dossier/feed';
import { getServices } from '$lib/server/services';
import { localize } from '$lib/shared/programme';
import type { RequestHandler } from './$types';

/** RSS 2.0 of newly published dossier items. */
export const GET: RequestHandler = async () => {
	const services = getServices();
	const dossier = await services.dossier.open();
	const locale = getLocale();
	const xml = dossierFeed(dossier.items, dossier.themes, {
		origin: services.origin,
		locale,
		title: `${m.dossier_heading()} · ${localize(services.event.event.title, locale)}`,
		description: m.dossier_intro()
	});
	return new Response(xml, {
		headers: { 'content-type': 'application/rss+xml; charset=utf-8', 'cache-control': 'no-cache' }
	});
};
