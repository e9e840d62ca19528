import type { IncomingHttpHeaders } from 'node:http';
import { formatBytes } from '../src/lib/shared/recordings/logic.ts';

/**
 * Request body limits, applied before SvelteKit sees a request. adapter-node has one limit for
 * every route (BODY_SIZE_LIMIT, read once when build/handler.js loads), so main.ts sets it to the
 * recording upload limit and this check keeps every other route at the ordinary limit: a form or
 * an API call never needs more, and is refused at once instead of being read into memory.
 */

/** Every body but a recording upload: adapter-node's own default. */
export const ORDINARY_BODY_LIMIT = 512 * 1024;

/** How much of a refused ordinary body is read and dropped before the connection is cut. */
export const DRAIN_LIMIT = 16 * 1024 * 1024;

/** The one route whose body is streamed to disk: `POST /api/sessions/<id>/recording/upload`. */
const UPLOAD_PATH = /^\/api\/sessions\/[^/]+\/recording\/upload\/?$/;

export interface BodyRefusal {
	status: 411 | 413;
	/** Refused on the upload route (the connection is closed rather than drained). */
	upload: boolean;
	body: { message: string; code: 'invalid'; limitBytes: number };
}

export const isUpload = (method: string | undefined, pathname: string) =>
	method === 'POST' && UPLOAD_PATH.test(pathname);

/**
 * Whether to refuse a request by its headers alone: a declared length over its route's limit
 * (413), or a body without a length outside the upload route (411; browsers always declare one).
 * The upload route counts the bytes again while it streams them.
 */
export function bodyRefusal(
	method: string | undefined,
	pathname: string,
	headers: IncomingHttpHeaders,
	uploadLimit: number
): BodyRefusal | undefined {
	const upload = isUpload(method, pathname);
	const limit = upload ? uploadLimit : ORDINARY_BODY_LIMIT;
	const declared = headers['content-length'];
	if (declared === undefined) {
		if (!upload && headers['transfer-encoding'] !== undefined)
			return {
				status: 411,
				upload,
				body: {
					message: 'Send a Content-Length with the body.',
					code: 'invalid',
					limitBytes: limit
				}
			};
		return undefined;
	}
	const length = Number(declared);
	if (Number.isFinite(length) && length > limit)
		return {
			status: 413,
			upload,
			body: {
				message: upload
					? `The video is larger than the limit of ${formatBytes(limit)} (PLENAIR_UPLOAD_LIMIT).`
					: `The request body is larger than ${formatBytes(limit)}.`,
				code: 'invalid',
				limitBytes: limit
			}
		};
	return undefined;
}
