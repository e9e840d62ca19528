import { serveFile, watchableRecording } from '$lib/server/recordings/serve';
import { getServices } from '$lib/server/services';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params, locals, request }) => {
	const services = getServices();
	const recording = await watchableRecording(services, locals.actor, params.session);
	return serveFile(services, recording.captions, 'text/vtt; charset=utf-8', request);
};
