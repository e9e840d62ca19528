import { error, json } from '@sveltejs/kit';
import { getServices } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** Tests and benchmarks only (NODE_ENV=test): memory after a collection, when --expose-gc is on. */
export const GET: RequestHandler = () => {
	if (getServices().config.NODE_ENV !== 'test') error(404, 'Not found');
	const gc = (globalThis as { gc?: () => void }).gc;
	gc?.();
	const { heapUsed, rss } = process.memoryUsage();
	return json({ heapUsed, rss, collected: Boolean(gc) });
};
