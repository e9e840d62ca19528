import { randomUUID } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Session } from '../../shared/event-schema.ts';
import { sessionStatus } from '../../shared/programme.ts';
import type { Chapter, Recording } from '../../shared/recordings/schema.ts';
import type { Services } from '../services.ts';
import { compose, readManifest } from './compose.ts';
import type { RecorderManifest } from './manifest.ts';
import type { RecorderJob } from './recorder-jobs.ts';
import { defaultChapters, dirOf, replaceRecording, withStageChapters } from './index.ts';
import { RecordingRefused } from './conflict.ts';

/*
 * The built-in recorder's side of a recording (docs/recording.md): starting and stopping create
 * and end a job in Redis (recorder-jobs.ts) that server/recorder-supervisor.ts runs on some node;
 * the recording itself moves pending → recording → processing → ready or failed as with Egress.
 */

export async function startBuiltinRecording(
	services: Services,
	session: Session
): Promise<Recording> {
	if (!services.recorderBinary)
		throw new RecordingRefused(
			'recorder_unavailable',
			'The built-in recorder is not built on this server: run scripts/setup.sh where Go is installed, or set PLENAIR_RECORDER=egress.'
		);
	const now = services.clock.now();
	if (sessionStatus(session, now) !== 'live')
		throw new RecordingRefused(
			'session_not_live',
			'The session is not live: a recording starts while it runs.'
		);
	const runId = randomUUID().slice(0, 8);
	if (!(await services.recorderJobs.create(session.id, runId, now)))
		throw new RecordingRefused('recording_busy', 'This session is being recorded already.');
	return replaceRecording(services, {
		session: session.id,
		status: 'pending',
		source: 'recorder',
		recorderRun: runId,
		recordedFrom: now,
		chapters: defaultChapters(session),
		updatedAt: now
	});
}

export async function stopBuiltinRecording(
	services: Services,
	session: Session
): Promise<Recording> {
	const job = await services.recorderJobs.get(session.id);
	const current = await services.recordings.get(session.id);
	if (!job || job.state === 'stopping' || !current || current.recorderRun !== job.runId)
		throw new RecordingRefused('recording_idle', 'Nothing is being recorded in this session.');
	await services.recorderJobs.stop(session.id, job.runId);
	return services.recordings.put({
		...current,
		status: 'processing',
		updatedAt: services.clock.now()
	});
}

/** The recorder joined the room: the recording is running. */
export async function markRecording(
	services: Services,
	session: string,
	runId: string
): Promise<void> {
	const current = await services.recordings.get(session);
	if (current?.recorderRun !== runId || current.status !== 'pending') return;
	await services.recordings.put({
		...current,
		status: 'recording',
		updatedAt: services.clock.now()
	});
}

export async function failRecording(
	services: Services,
	job: Pick<RecorderJob, 'session' | 'runId'>,
	reason: string
): Promise<void> {
	const current = await services.recordings.get(job.session);
	if (current?.recorderRun !== job.runId) return;
	await services.recordings.put({
		...current,
		status: 'failed',
		error: reason.slice(0, 500),
		updatedAt: services.clock.now()
	});
}

/**
 * The segments of a run as one timeline: each segment's tracks placed by its start, relative to
 * the first segment's; where a later segment begins (after a crash or a takeover) a chapter
 * marks that the recording resumes there.
 */
export function joinSegments(
	segments: { dir: string; manifest: RecorderManifest }[],
	resumedTitle: string
): { manifest: RecorderManifest; resumed: Chapter[] } {
	const ordered = [...segments].sort((a, b) => a.manifest.startedAt - b.manifest.startedAt);
	const first = ordered[0]?.manifest;
	if (!first) throw new Error('the recorder wrote nothing');
	const tracks: RecorderManifest['tracks'] = [];
	const resumed: Chapter[] = [];
	for (const [index, { dir, manifest }] of ordered.entries()) {
		const offset = manifest.startedAt - first.startedAt;
		if (index > 0) resumed.push({ title: resumedTitle, atMs: offset });
		for (const track of manifest.tracks)
			tracks.push({
				...track,
				file: `${dir}/${track.file}`,
				startMs: track.startMs + offset,
				endMs: track.endMs === null ? null : track.endMs + offset
			});
	}
	return { manifest: { ...first, tracks }, resumed };
}

/** Composes a stopped run's segments into the session's watch-again file. */
export async function finishBuiltinRecording(
	services: Services,
	job: RecorderJob,
	runDir: string,
	signal?: AbortSignal
): Promise<void> {
	const segments: { dir: string; manifest: RecorderManifest }[] = [];
	for (const dir of (await readdir(runDir).catch(() => [])).filter((d) => /^seg-\d+$/.test(d))) {
		// A segment whose recorder died before writing its manifest holds nothing to show.
		const manifest = await readManifest(join(runDir, dir)).catch(() => undefined);
		if (manifest && manifest.tracks.length > 0) segments.push({ dir, manifest });
	}
	if (segments.length === 0) {
		await failRecording(services, job, 'nothing was published in the room while recording');
		return;
	}
	const { manifest, resumed } = joinSegments(segments, 'De opname gaat verder na een onderbreking');
	const dir = dirOf(services);
	const format = services.config.PLENAIR_RECORDING_FORMAT;
	const file = `${job.session}-rec-${job.runId}.${format}`;
	const composed = await compose(runDir, join(dir, file), { manifest, format, signal });
	const thumbnail = composed.thumbnail ? basename(composed.thumbnail) : undefined;
	const current = await services.recordings.get(job.session);
	if (current?.recorderRun !== job.runId) return;
	const session = services.event.sessions.find((s) => s.id === job.session);
	// The video's first frame is the first segment's start (the recorder's wall clock, moved
	// onto the programme clock, which may run on another day in a demo or a rehearsal).
	const recordedFrom = Math.round(
		manifest.startedAt + composed.startMs + (services.clock.now() - Date.now())
	);
	await replaceRecording(services, {
		...current,
		status: 'ready',
		file,
		thumbnail,
		contentType: format === 'mp4' ? 'video/mp4' : 'video/webm',
		size: (await stat(join(dir, file))).size,
		durationMs: composed.durationMs,
		recordedFrom,
		chapters: withStageChapters(
			[
				...(session ? defaultChapters(session) : current.chapters),
				...resumed.map((c) => ({ ...c, atMs: Math.max(0, c.atMs - composed.startMs) }))
			],
			await services.stage.chapters(job.session, recordedFrom, composed.durationMs)
		),
		updatedAt: services.clock.now()
	});
}
