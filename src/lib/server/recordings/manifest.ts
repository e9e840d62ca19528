import { z } from 'zod';

/**
 * The manifest plenair-recorder keeps beside its track files (recorder/internal/record/manifest.go
 * writes the same shape). Times are milliseconds since `startedAt`.
 */
export const RecorderTrackSchema = z.object({
	/** Relative to the manifest's folder: `tracks/<identity>-<trackSid>[-n].webm`. */
	file: z.string().regex(/^tracks\/[A-Za-z0-9_.-]+\.webm$/, 'a .webm file directly in tracks/'),
	identity: z.string(),
	name: z.string(),
	kind: z.enum(['audio', 'video']),
	/** LiveKit's track source in lower case: camera, microphone, screen_share, screen_share_audio, unknown. */
	source: z.string(),
	startMs: z.number().int().nonnegative(),
	/** null while the recorder is still writing the file (or was killed before it closed it). */
	endMs: z.number().int().nonnegative().nullable()
});

export const RecorderManifestSchema = z.object({
	version: z.literal(1),
	room: z.string(),
	/** Unix milliseconds when the recorder joined the room. */
	startedAt: z.number().int().nonnegative(),
	tracks: z.array(RecorderTrackSchema)
});

export type RecorderTrack = z.infer<typeof RecorderTrackSchema>;
export type RecorderManifest = z.infer<typeof RecorderManifestSchema>;

export const MANIFEST_FILE = 'manifest.json';
