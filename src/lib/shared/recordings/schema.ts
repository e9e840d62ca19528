import { z } from 'zod';

/**
 * Recordings ("Terugkijken / Watch again"): one per programme session, whether the built-in
 * recorder or LiveKit Egress recorded it, an organiser uploaded a file, or linked a video hosted
 * elsewhere.
 */

export const recordingStatuses = ['pending', 'recording', 'processing', 'ready', 'failed'] as const;
export const RecordingStatusSchema = z.enum(recordingStatuses);

export const videoTypes = ['video/webm', 'video/mp4', 'video/ogg'] as const;
export const VideoTypeSchema = z.enum(videoTypes);
export type VideoType = z.infer<typeof VideoTypeSchema>;

export const ChapterSchema = z
	.object({
		title: z.string().trim().min(1).max(200),
		/** Milliseconds from the start of the video. */
		atMs: z.number().int().min(0)
	})
	.strict();
export type Chapter = z.infer<typeof ChapterSchema>;
export const ChaptersSchema = z.array(ChapterSchema).max(100);

/** A stored file name inside the recordings folder: never a path. */
const FileName = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,200}$/);

export const RecordingSchema = z
	.object({
		session: z.string().min(1),
		status: RecordingStatusSchema,
		source: z.enum(['recorder', 'egress', 'upload', 'link']),
		egressId: z.string().optional(),
		/** The built-in recorder's run (server/recorder-supervisor.ts). */
		recorderRun: z.string().optional(),
		/** The video file in the recordings folder (egress or upload). */
		file: FileName.optional(),
		contentType: VideoTypeSchema.optional(),
		size: z.number().int().min(0).optional(),
		/** A video hosted elsewhere (PeerTube, YouTube, Vimeo): shown as a link, never embedded. */
		externalUrl: z.url().optional(),
		captions: FileName.optional(),
		thumbnail: FileName.optional(),
		durationMs: z.number().min(0).optional(),
		/** Programme-clock ms at the video's first frame: maps chat times onto the video. */
		recordedFrom: z.number().int(),
		chapters: ChaptersSchema.default([]),
		error: z.string().max(500).optional(),
		updatedAt: z.number().int()
	})
	.strict();
export type Recording = z.infer<typeof RecordingSchema>;

/** Video hosts an organiser may link to. PeerTube runs anywhere: recognised by its watch paths. */
export const ExternalVideoUrlSchema = z
	.url({ protocol: /^https$/, message: 'use an https:// address' })
	.max(2000)
	.refine((raw) => {
		const url = new URL(raw);
		const host = url.hostname.replace(/^www\./, '');
		if (host === 'youtube.com' || host === 'm.youtube.com')
			return url.pathname === '/watch'
				? url.searchParams.has('v')
				: /^\/live\/[\w-]+$/.test(url.pathname);
		if (host === 'youtu.be') return /^\/[\w-]{6,}$/.test(url.pathname);
		if (host === 'vimeo.com') return /^\/\d+(\/[\w]+)?$/.test(url.pathname);
		return /^\/(w|videos\/watch)\/[\w-]+$/.test(url.pathname);
	}, 'link a PeerTube, YouTube or Vimeo video page');

export const LinkFormSchema = z.object({ url: ExternalVideoUrlSchema }).strict();

/** "HH:MM" or "HH:MM:SS": when the video begins, on the session's day, in the event's zone. */
export const WallTimeSchema = z
	.string()
	.regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, 'use HH:MM:SS');

export const ChaptersFormSchema = z
	.object({
		chapters: ChaptersSchema,
		from: WallTimeSchema.optional()
	})
	.strict();

export const LibraryQuerySchema = z.object({ q: z.string().trim().max(100).catch('') });
export function parseLibraryQuery(params: URLSearchParams): { q: string } {
	return LibraryQuerySchema.parse({ q: params.get('q') ?? '' });
}

/**
 * Captions upload limit, checked while streaming. (The video limit is a setting,
 * PLENAIR_UPLOAD_LIMIT: `config.uploadLimitBytes`.)
 */
export const MAX_CAPTIONS_BYTES = 512 * 1024;
