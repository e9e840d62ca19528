import { serveFile, watchableRecording } from '$lib/server/recordings/serve';
import { getServices } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** The recorded video, with range requests so the player can seek. */
export const GET: RequestHandler = async ({ params, locals, request }) => {
	const services = getServices();
	const recording = await watchableRecording(services, locals.actor, params.session);
	return serveFile(services, recording.file, recording.contentType ?? 'video/webm', request);
};
