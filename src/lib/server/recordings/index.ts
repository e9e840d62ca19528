import {
	AudioCodec,
	EgressClient,
	EgressStatus,
	EncodedFileOutput,
	EncodedFileType,
	EncodingOptions,
	VideoCodec,
	type WebhookEvent
} from 'livekit-server-sdk';
import { basename } from 'node:path';
import type { Session } from '../../shared/event-schema.ts';
import { localize, sessionStatus } from '../../shared/programme.ts';
import { sniffVideoType } from '../../shared/recordings/logic.ts';
import type { Chapter, Recording } from '../../shared/recordings/schema.ts';
import { roomNameFor } from '../livekit.ts';
import type { Services } from '../services.ts';
import { probe, recordingsDir, removeFiles, storedFile } from './files.ts';
import { open } from 'node:fs/promises';
import { startBuiltinRecording, stopBuiltinRecording } from './builtin.ts';
import { RecordingRefused } from './conflict.ts';
import { log } from '../log.ts';

export { recordingsDir, saveCaptions, saveVideo, storedFile, UploadError } from './files.ts';
export { RecordingRefused } from './conflict.ts';

/**
 * Where the egress service writes its files. In docker-compose.yml the egress container mounts
 * the app's recordings folder here, so a finished file is found by its name in
 * <PLENAIR_DATA_DIR>/recordings.
 */
export const EGRESS_OUTPUT_DIR = '/out/recordings';
/** livekit-server holds a start request until an egress worker answers; none answering is an error. */
const EGRESS_TIMEOUT_S = 5;

export const dirOf = (services: Services) => recordingsDir(services.config.dataDir);

/** A recording's chapters with those of the polls and results shown on stage, in time order. */
export function withStageChapters(chapters: Chapter[], shown: Chapter[]): Chapter[] {
	return [...chapters, ...shown].sort((a, b) => a.atMs - b.atMs).slice(0, 100);
}

/** The chapters a recording starts with: the session itself, from the programme. */
export function defaultChapters(session: Session, locale: 'nl' | 'en' = 'nl'): Chapter[] {
	return [{ title: localize(session.title, locale), atMs: 0 }];
}

/** Replaces a session's recording, removing the files of the one before. */
export async function replaceRecording(services: Services, next: Recording): Promise<Recording> {
	const { recordings } = services;
	const before = await recordings.get(next.session);
	const saved = await recordings.put(next);
	if (before) {
		const keep = new Set([next.file, next.captions, next.thumbnail]);
		await removeFiles(
			dirOf(services),
			[before.file, before.captions, before.thumbnail].filter((f) => !keep.has(f))
		);
	}
	return saved;
}

/** Turns livekit-server's refusal into words a moderator can act on. */
export function describeEgressError(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	if (/not connected|no response from servers|egress.*unavailable|no egress/i.test(message))
		return `egress not connected (${message})`;
	// With no egress worker, livekit-server (v1.13.5, without Redis) never answers the request.
	if (/aborted due to timeout|timed? ?out/i.test(message))
		return `egress not connected (no egress answered within ${EGRESS_TIMEOUT_S} s)`;
	return message.slice(0, 400);
}

function egressClient(services: Services): EgressClient {
	const { url, apiKey, apiSecret } = services.livekit;
	return new EgressClient(url, apiKey, apiSecret, { requestTimeout: EGRESS_TIMEOUT_S });
}

/**
 * Starts recording a live session with the configured recorder (PLENAIR_RECORDER): the built-in
 * one by default, or LiveKit Egress. A session that is not live, or is being recorded already,
 * is refused with a RecordingRefused.
 */
export async function startRecording(services: Services, session: Session): Promise<Recording> {
	if (services.config.PLENAIR_RECORDER === 'builtin')
		return startBuiltinRecording(services, session);
	const current = await services.recordings.get(session.id);
	if (current && ['pending', 'recording'].includes(current.status))
		throw new RecordingRefused('recording_busy', 'This session is being recorded already.');
	if (sessionStatus(session, services.clock.now()) !== 'live')
		throw new RecordingRefused(
			'session_not_live',
			'The session is not live: a recording starts while it runs.'
		);
	return startEgressRecording(services, session);
}

/** Stops the running recording, whichever recorder makes it. */
export async function stopRecording(services: Services, session: Session): Promise<Recording> {
	const current = await services.recordings.get(session.id);
	if (current?.source === 'recorder') return stopBuiltinRecording(services, session);
	if (!current || current.source !== 'egress' || !['pending', 'recording'].includes(current.status))
		throw new RecordingRefused('recording_idle', 'Nothing is being recorded in this session.');
	return stopEgressRecording(services, current);
}

/** Asks LiveKit Egress to record a session's room as WebM (VP8 + Opus). */
async function startEgressRecording(services: Services, session: Session): Promise<Recording> {
	const { recordings } = services;
	const current = await recordings.get(session.id);
	if (current && current.source === 'egress' && ['pending', 'recording'].includes(current.status))
		return current;
	const now = services.clock.now();
	const base: Recording = {
		session: session.id,
		status: 'pending',
		source: 'egress',
		recordedFrom: now,
		chapters: defaultChapters(session),
		updatedAt: now
	};
	const room = roomNameFor(services.event.event.slug, session.id);
	try {
		// Room composite egress needs the room to exist; at session start nobody may have joined yet.
		await services.livekit.rooms.createRoom({ name: room, emptyTimeout: 10 * 60 });
		const info = await egressClient(services).startRoomCompositeEgress(
			room,
			{
				file: new EncodedFileOutput({
					fileType: EncodedFileType.DEFAULT_FILETYPE,
					filepath: `${EGRESS_OUTPUT_DIR}/${session.id}-{time}.webm`
				})
			},
			{
				layout: 'speaker',
				encodingOptions: new EncodingOptions({
					videoCodec: VideoCodec.VP8,
					audioCodec: AudioCodec.OPUS,
					width: 1280,
					height: 720,
					framerate: 30
				})
			}
		);
		return await replaceRecording(services, {
			...base,
			egressId: info.egressId,
			status: info.status === EgressStatus.EGRESS_ACTIVE ? 'recording' : 'pending'
		});
	} catch (error) {
		return replaceRecording(services, {
			...base,
			status: 'failed',
			error: describeEgressError(error)
		});
	}
}

async function stopEgressRecording(services: Services, current: Recording): Promise<Recording> {
	const { recordings } = services;
	if (!current.egressId)
		throw new RecordingRefused('recording_idle', 'Nothing is being recorded in this session.');
	try {
		await egressClient(services).stopEgress(current.egressId);
		return await recordings.put({
			...current,
			status: 'processing',
			updatedAt: services.clock.now()
		});
	} catch (error) {
		return recordings.put({
			...current,
			status: 'failed',
			error: describeEgressError(error),
			updatedAt: services.clock.now()
		});
	}
}

/** egress_started / egress_updated / egress_ended: moves a recording along. `at` = programme ms. */
export async function handleEgressWebhook(
	services: Services,
	event: WebhookEvent,
	at: number
): Promise<void> {
	if (!event.event.startsWith('egress_') || !event.egressInfo) return;
	const info = event.egressInfo;
	const { recordings } = services;
	const prefix = `${services.event.event.slug}--`;
	const session =
		(await recordings.sessionOfEgress(info.egressId)) ??
		(info.roomName.startsWith(prefix) ? info.roomName.slice(prefix.length) : undefined);
	if (!session || !services.event.sessions.some((s) => s.id === session)) return;
	const current = await recordings.get(session);
	// A recording that was replaced (an upload, a newer egress) is not touched by an old egress.
	if (current && current.egressId && current.egressId !== info.egressId) return;
	if (current && current.source !== 'egress') return;
	const programmeSession = services.event.sessions.find((s) => s.id === session)!;
	const base: Recording = current ?? {
		session,
		status: 'pending',
		source: 'egress',
		egressId: info.egressId,
		recordedFrom: at,
		chapters: defaultChapters(programmeSession),
		updatedAt: at
	};
	const put = (patch: Partial<Recording>) =>
		recordings.put({ ...base, egressId: info.egressId, ...patch, updatedAt: at });
	if (base.status === 'ready' || base.status === 'failed') return;

	if (event.event === 'egress_started') {
		await put({
			status: 'recording',
			recordedFrom: base.status === 'pending' ? at : base.recordedFrom
		});
		return;
	}
	if (event.event === 'egress_updated') {
		if (info.status === EgressStatus.EGRESS_ENDING) await put({ status: 'processing' });
		else if (info.status === EgressStatus.EGRESS_ACTIVE) await put({ status: 'recording' });
		return;
	}
	if (event.event !== 'egress_ended') return;
	const done =
		info.status === EgressStatus.EGRESS_COMPLETE ||
		info.status === EgressStatus.EGRESS_LIMIT_REACHED;
	const result = info.fileResults[0];
	if (!done || !result) {
		await put({
			status: 'failed',
			error: info.error || `egress ended: ${EgressStatus[info.status]}`
		});
		return;
	}
	const dir = dirOf(services);
	const file = basename(result.filename || result.location);
	const stored = /^[a-z0-9][a-z0-9._-]{0,200}$/.test(file)
		? await storedFile(dir, file)
		: undefined;
	if (!stored) {
		await put({
			status: 'failed',
			error: `the recorded file ${file} is not in the recordings folder`
		});
		return;
	}
	await put({ status: 'processing', file, size: stored.size });
	const head = Buffer.alloc(16);
	const handle = await open(stored.path, 'r');
	try {
		await handle.read(head, 0, 16, 0);
	} finally {
		await handle.close();
	}
	const contentType = sniffVideoType(head);
	if (!contentType) {
		await put({
			status: 'failed',
			file,
			error: 'the recorded file is not a WebM, MP4 or Ogg video'
		});
		return;
	}
	const { durationMs, thumbnail } = await probe(dir, file);
	const duration =
		durationMs ?? (result.duration ? Number(result.duration / 1_000_000n) : undefined);
	await put({
		status: 'ready',
		file,
		size: stored.size,
		contentType,
		durationMs: duration,
		thumbnail,
		chapters: withStageChapters(
			base.chapters,
			await services.stage.chapters(session, base.recordedFrom, duration)
		)
	});
}

/**
 * The conductor's part: sessions with `record: true` start recording when they start and stop
 * when they end. `once` is the conductor's cluster-wide SET NX.
 */
export async function autoRecord(
	services: Services,
	now: number,
	once: (key: string) => Promise<boolean>
): Promise<void> {
	if (!services.config.PLENAIR_AUTO_RECORD) return;
	for (const session of services.event.sessions.filter((s) => s.record)) {
		const start = Date.parse(session.start);
		const end = Date.parse(session.end);
		// Not awaited: a slow egress answer must not hold up the conductor's other transitions.
		if (now >= start && now < end && (await once(`${session.id}:record-start`)))
			void startRecording(services, session).catch((e: Error) =>
				log('recording').error({ session: session.id, err: e.message }, 'automatic start failed')
			);
		if (now >= end && now < end + 10 * 60_000 && (await once(`${session.id}:record-stop`))) {
			const current = await services.recordings.get(session.id);
			if (
				(current?.source === 'egress' || current?.source === 'recorder') &&
				['pending', 'recording'].includes(current.status)
			)
				await stopRecording(services, session).catch((e: Error) =>
					log('recording').error({ session: session.id, err: e.message }, 'automatic stop failed')
				);
		}
	}
}
