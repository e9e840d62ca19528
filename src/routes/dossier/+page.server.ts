import { getLocale } from '$lib/paraglide/runtime';
import { policyContext } from '$lib/server/auth/guard';
import { getServices } from '$lib/server/services';
import { parseDossierQuery } from '$lib/shared/dossier/schema';
import { can } from '$lib/shared/policy';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, locals }) => {
	const services = getServices();
	const dossier = await services.dossier.open();
	const query = parseDossierQuery(url.searchParams);
	const locale = getLocale();
	const byTitle = [...dossier.items].sort((a, b) => a.title.localeCompare(b.title, locale));
	const found = query.q
		? dossier.index.search(query.q).flatMap((id) => dossier.byId.get(id) ?? [])
		: byTitle;
	const items = found.filter(
		(item) =>
			(!query.kind || item.kind === query.kind) &&
			(!query.theme || item.themes.includes(query.theme))
	);
	return {
		query,
		filtering: Boolean(query.q || query.kind || query.theme),
		themes: dossier.themes,
		items,
		total: dossier.items.length,
		canReview: can(locals.actor, 'dossier.review', policyContext(services.event)),
		origin: services.origin
	};
};
