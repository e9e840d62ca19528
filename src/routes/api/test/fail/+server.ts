import { error } from '@sveltejs/kit';
import { getServices } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** Tests only (NODE_ENV=test): an unexpected error, to prove the error path and its headers. */
export const GET: RequestHandler = () => {
	if (getServices().config.NODE_ENV !== 'test') error(404, 'Not found');
	throw new Error('secret detail that must stay in the log');
};
