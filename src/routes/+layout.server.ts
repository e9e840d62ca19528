import { getServices } from '$lib/server/services';
import { getLocale } from '$lib/paraglide/runtime';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = () => {
	const { event, clock } = getServices();
	return { programme: event, now: clock.now(), locale: getLocale() };
};
