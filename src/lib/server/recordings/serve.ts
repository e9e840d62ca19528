import { error } from '@sveltejs/kit';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { parseRange } from '../../shared/recordings/logic.ts';
import type { Recording } from '../../shared/recordings/schema.ts';
import type { Actor } from '../../shared/policy.ts';
import type { Services } from '../services.ts';
import { storedFile } from './files.ts';
import { canWatch, sessionOr404 } from './http.ts';
import { dirOf } from './index.ts';

/** The ready recording of a session for someone who may watch it: else 401/403/404. */
export async function watchableRecording(
	services: Services,
	actor: Actor | null,
	id: string
): Promise<Recording> {
	const session = sessionOr404(services, id);
	if (!canWatch(services, actor, session))
		error(actor ? 403 : 401, actor ? 'You may not watch this recording.' : 'Sign in to watch.');
	const recording = await services.recordings.get(session.id);
	if (!recording || recording.status !== 'ready') error(404, 'This recording is not available.');
	return recording;
}

/** A stored file with HTTP range support: 200, 206 Partial Content, or 416. */
export async function serveFile(
	services: Services,
	file: string | undefined,
	contentType: string,
	request: Request
): Promise<Response> {
	const stored = file ? await storedFile(dirOf(services), file) : undefined;
	if (!stored) error(404, 'This file is not available.');
	const common = {
		'content-type': contentType,
		'accept-ranges': 'bytes',
		'cache-control': 'private, max-age=3600'
	};
	const range = parseRange(request.headers.get('range'), stored.size);
	if (range === 'unsatisfiable')
		return new Response(null, {
			status: 416,
			headers: { ...common, 'content-range': `bytes */${stored.size}` }
		});
	const { start, end } = range ?? { start: 0, end: stored.size - 1 };
	const length = stored.size === 0 ? 0 : end - start + 1;
	const body =
		request.method === 'HEAD' || length === 0
			? null
			: (Readable.toWeb(createReadStream(stored.path, { start, end })) as ReadableStream);
	return new Response(body, {
		status: range ? 206 : 200,
		headers: {
			...common,
			'content-length': String(length),
			...(range ? { 'content-range': `bytes ${start}-${end}/${stored.size}` } : {})
		}
	});
}
