import { json } from '@sveltejs/kit';
import { readiness } from '$lib/server/health';
import { getServices } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** Ready when Redis and LiveKit both answer; 503 with the reason of each failure otherwise. */
export const GET: RequestHandler = async () => {
	const result = await readiness(getServices());
	return json(result, {
		status: result.ready ? 200 : 503,
		headers: { 'cache-control': 'no-store' }
	});
};
