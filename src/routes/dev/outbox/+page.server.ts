import { error } from '@sveltejs/kit';
import { getServices } from '$lib/server/services';
import type { PageServerLoad } from './$types';

/** Development and test only: the mail that would have been sent. */
export const load: PageServerLoad = async () => {
	const { outbox } = getServices();
	if (!outbox) error(404, 'Not found');
	return { mails: await outbox.list() };
};
