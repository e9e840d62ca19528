import { error } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { getServices } from '$lib/server/services';
import { DossierIdSchema } from '$lib/shared/dossier/schema';
import { findSession, localize } from '$lib/shared/programme';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => {
	const services = getServices();
	const id = DossierIdSchema.safeParse(params.id);
	const dossier = await services.dossier.open();
	const item = id.success ? dossier.byId.get(id.data) : undefined;
	if (!item) error(404, 'No such item in the dossier.');
	const locale = getLocale();
	const sessions = item.sessions.flatMap((sessionId) => {
		const session = findSession(services.event, sessionId);
		return session ? [{ id: session.id, title: localize(session.title, locale) }] : [];
	});
	return {
		item,
		sessions,
		themes: dossier.themes.filter((t) => item.themes.includes(t.id)),
		origin: services.origin
	};
};
