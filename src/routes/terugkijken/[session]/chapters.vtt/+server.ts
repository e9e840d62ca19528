import { watchableRecording } from '$lib/server/recordings/serve';
import { getServices } from '$lib/server/services';
import { chaptersVtt } from '$lib/shared/recordings/logic';
import type { RequestHandler } from './$types';

/** The recording's chapters as a WebVTT chapters track. */
export const GET: RequestHandler = async ({ params, locals }) => {
	const services = getServices();
	const recording = await watchableRecording(services, locals.actor, params.session);
	const last = recording.chapters.reduce((max, c) => Math.max(max, c.atMs), 0);
	return new Response(chaptersVtt(recording.chapters, recording.durationMs ?? last + 60_000), {
		headers: { 'content-type': 'text/vtt; charset=utf-8', 'cache-control': 'private, no-cache' }
	});
};
