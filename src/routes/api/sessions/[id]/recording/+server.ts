import { json } from '@sveltejs/kit';
import { dirOf } from '$lib/server/recordings';
import { managerView, requireManager } from '$lib/server/recordings/http';
import { removeFiles } from '$lib/server/recordings/files';
import { getServices } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** The state of a session's recording, for those who manage it. */
export const GET: RequestHandler = async ({ params, locals, request }) => {
	const services = getServices();
	const { session } = requireManager(services, request, locals.actor, params.id);
	return json({
		...managerView(await services.recordings.get(session.id)),
		uploadLimitBytes: services.config.uploadLimitBytes
	});
};

/** Removes a session's recording and its files. */
export const DELETE: RequestHandler = async ({ params, locals, request }) => {
	const services = getServices();
	const { session } = requireManager(services, request, locals.actor, params.id);
	const current = await services.recordings.get(session.id);
	if (current) {
		await services.recordings.remove(session.id);
		await removeFiles(dirOf(services), [current.file, current.captions, current.thumbnail]);
	}
	return json(managerView(undefined));
};
