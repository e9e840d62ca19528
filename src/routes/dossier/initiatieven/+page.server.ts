import { getLocale } from '$lib/paraglide/runtime';
import { getServices } from '$lib/server/services';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const services = getServices();
	const dossier = await services.dossier.open();
	const locale = getLocale();
	const places = new Map<string, typeof dossier.items>();
	for (const item of dossier.items) {
		if (item.kind !== 'initiative') continue;
		const place = item.place ?? '';
		places.set(place, [...(places.get(place) ?? []), item]);
	}
	const groups = [...places.entries()]
		.sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b, locale)))
		.map(([place, items]) => ({
			place,
			items: items.sort((a, b) => a.title.localeCompare(b.title, locale))
		}));
	return { groups, origin: services.origin };
};
