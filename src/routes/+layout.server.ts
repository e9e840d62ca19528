import { getServices } from '$lib/server/services';
import { initials } from '$lib/server/auth/users';
import { getLocale } from '$lib/paraglide/runtime';
import { can } from '$lib/shared/policy';
import { policyContext } from '$lib/server/auth/guard';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => {
	const { event, clock } = getServices();
	const viewer = locals.actor && {
		id: locals.actor.id,
		name: locals.actor.name,
		initials: initials(locals.actor.name),
		guest: locals.actor.guest,
		isAdmin: can(locals.actor, 'admin.view', policyContext(event))
	};
	return {
		programme: event,
		now: clock.now(),
		clockSpeed: clock.speed,
		locale: getLocale(),
		viewer
	};
};
