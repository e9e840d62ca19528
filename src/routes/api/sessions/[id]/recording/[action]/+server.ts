import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import {
	defaultChapters,
	dirOf,
	RecordingRefused,
	replaceRecording,
	saveCaptions,
	saveVideo,
	startRecording,
	stopRecording,
	UploadError
} from '$lib/server/recordings';
import { probe } from '$lib/server/recordings/files';
import { managerView, requireManager } from '$lib/server/recordings/http';
import { getServices } from '$lib/server/services';
import {
	ChaptersFormSchema,
	LinkFormSchema,
	MAX_CAPTIONS_BYTES,
	WallTimeSchema
} from '$lib/shared/recordings/schema';
import type { Session } from '$lib/shared/event-schema';
import { instantOnDayOf } from '$lib/shared/zoned-time';
import { formatBytes } from '$lib/shared/recordings/logic';
import type { Services } from '$lib/server/services';
import type { RequestHandler } from './$types';

const ActionSchema = z.enum(['start', 'stop', 'upload', 'link', 'captions', 'chapters']);

function recordedFrom(services: Services, session: Session, from: string | undefined): number {
	const start = Date.parse(session.start);
	return from ? instantOnDayOf(start, from, services.event.event.timezone) : start;
}

async function readJson(request: Request): Promise<unknown> {
	try {
		return await request.json();
	} catch {
		error(400, 'Send a JSON body.');
	}
}

/** 413 with the limit, so the upload form can say it in the person's language. */
function tooLarge(limit: number): Response {
	return json(
		{
			message: `The video is larger than the limit of ${formatBytes(limit)} (PLENAIR_UPLOAD_LIMIT).`,
			code: 'invalid',
			limitBytes: limit
		},
		{ status: 413 }
	);
}

function refuse(parsed: z.ZodSafeParseError<unknown>): never {
	error(
		422,
		parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')
	);
}

/**
 * start / stop (LiveKit Egress), upload (the video as the raw request body), link (an external
 * video), captions (a WebVTT body), chapters (JSON). All need 'recording.manage'.
 */
export const POST: RequestHandler = async ({ params, locals, request, url }) => {
	const services = getServices();
	const { session } = requireManager(services, request, locals.actor, params.id);
	const action = ActionSchema.safeParse(params.action);
	if (!action.success) error(404, 'Unknown recording action.');
	const now = services.clock.now();
	const current = await services.recordings.get(session.id);

	try {
		switch (action.data) {
			case 'start':
				return json(managerView(await startRecording(services, session)));
			case 'stop':
				return json(managerView(await stopRecording(services, session)));
			case 'upload': {
				const from = WallTimeSchema.optional().safeParse(url.searchParams.get('from') ?? undefined);
				if (!from.success) refuse(from);
				// The body streams to a file; the limit is a setting (PLENAIR_UPLOAD_LIMIT), checked
				// here by the declared length and again byte by byte while streaming.
				const limit = services.config.uploadLimitBytes;
				const declared = Number(request.headers.get('content-length') ?? 0);
				if (declared > limit) return tooLarge(limit);
				const dir = dirOf(services);
				const saved = await saveVideo(dir, session.id, request.body, limit);
				const { durationMs, thumbnail } = await probe(dir, saved.file);
				const recording = await replaceRecording(services, {
					session: session.id,
					status: 'ready',
					source: 'upload',
					...saved,
					durationMs,
					thumbnail,
					recordedFrom: recordedFrom(services, session, from.data),
					chapters: defaultChapters(session),
					updatedAt: now
				});
				return json(managerView(recording), { status: 201 });
			}
			case 'link': {
				const body = LinkFormSchema.safeParse(await readJson(request));
				if (!body.success) refuse(body);
				const recording = await replaceRecording(services, {
					session: session.id,
					status: 'ready',
					source: 'link',
					externalUrl: body.data.url,
					recordedFrom: Date.parse(session.start),
					chapters: defaultChapters(session),
					updatedAt: now
				});
				return json(managerView(recording), { status: 201 });
			}
			case 'captions': {
				if (!current || !current.file) error(409, 'Add a video before its captions.');
				const captions = await saveCaptions(
					dirOf(services),
					session.id,
					request.body,
					MAX_CAPTIONS_BYTES
				);
				const recording = await replaceRecording(services, {
					...current,
					captions,
					updatedAt: now
				});
				return json(managerView(recording));
			}
			case 'chapters': {
				if (!current) error(409, 'Add a video before its chapters.');
				const body = ChaptersFormSchema.safeParse(await readJson(request));
				if (!body.success) refuse(body);
				const recording = await services.recordings.put({
					...current,
					chapters: body.data.chapters.length ? body.data.chapters : defaultChapters(session),
					recordedFrom: body.data.from
						? recordedFrom(services, session, body.data.from)
						: current.recordedFrom,
					updatedAt: now
				});
				return json(managerView(recording));
			}
		}
	} catch (e) {
		if (e instanceof UploadError && e.status === 413 && action.data === 'upload')
			return tooLarge(services.config.uploadLimitBytes);
		if (e instanceof UploadError) error(e.status, e.message);
		if (e instanceof RecordingRefused) error(e.status, { message: e.message, code: e.code });
		throw e;
	}
};
