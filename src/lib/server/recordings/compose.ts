import { execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import {
	planComposition,
	thumbnailArgs,
	type ComposeOptions,
	type PlacedTrack
} from './compose-plan.ts';
import { MANIFEST_FILE, RecorderManifestSchema, type RecorderManifest } from './manifest.ts';

const run = promisify(execFile);

export interface ComposeResult {
	/** The composed video (the `output` asked for). */
	file: string;
	durationMs: number;
	/** A JPEG beside it, `<name>.jpg`; undefined when no frame could be taken. */
	thumbnail?: string;
	/** Where the video starts, in ms since the manifest's startedAt (its first track). */
	startMs: number;
}

export class ComposeError extends Error {
	constructor(
		message: string,
		/** ffmpeg's last stderr lines. */
		readonly stderr: string
	) {
		super(stderr ? `${message}:\n${stderr}` : message);
		this.name = 'ComposeError';
	}
}

export async function readManifest(dir: string): Promise<RecorderManifest> {
	const text = await readFile(join(dir, MANIFEST_FILE), 'utf8');
	return RecorderManifestSchema.parse(JSON.parse(text));
}

/**
 * Composes the tracks of a recorder's folder (`dir`, holding manifest.json and tracks/) into
 * one watch-again file at `output`, with a thumbnail beside it. ffmpeg runs niced, and writes
 * to temporary names that are renamed into place only when complete; on failure nothing is left.
 */
export async function compose(
	dir: string,
	output: string,
	options: ComposeOptions & { manifest?: RecorderManifest; signal?: AbortSignal } = {}
): Promise<ComposeResult> {
	const manifest = options.manifest ?? (await readManifest(dir));
	const tracks = await Promise.all(manifest.tracks.map((track) => placeTrack(dir, track)));
	const stem = basename(output).replace(/\.[a-z0-9]+$/i, '');
	const temp = join(dirname(output), `.${stem}.${randomUUID().slice(0, 8)}.part`);
	const tempThumb = `${temp}.jpg`;
	const thumbnail = join(dirname(output), `${stem}.jpg`);
	const plan = planComposition({ room: manifest.room, tracks }, dir, temp, options);
	try {
		await ffmpeg(plan.args, options.signal);
		await rename(temp, output);
	} catch (error) {
		await rm(temp, { force: true });
		throw error;
	}
	try {
		await ffmpeg(thumbnailArgs(output, plan.durationMs, tempThumb), options.signal);
		await rename(tempThumb, thumbnail);
		return { file: output, durationMs: plan.durationMs, thumbnail, startMs: plan.startMs };
	} catch {
		await rm(tempThumb, { force: true });
		return { file: output, durationMs: plan.durationMs, startMs: plan.startMs };
	}
}

/**
 * A track with its end: from the manifest, or, for a file the recorder never closed (it was
 * killed), from the file's last packet. Unreadable unclosed files end where they start.
 */
async function placeTrack(dir: string, track: RecorderManifest['tracks'][number]) {
	if (track.endMs !== null) return track as PlacedTrack;
	const lastMs = await lastPacketMs(join(dir, track.file)).catch(() => 0);
	return { ...track, endMs: track.startMs + lastMs };
}

async function lastPacketMs(file: string): Promise<number> {
	const { stdout } = await run(
		'ffprobe',
		['-v', 'error', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', file],
		{ maxBuffer: 256 * 1024 * 1024 }
	);
	const times = stdout
		.split('\n')
		.map(Number.parseFloat)
		.filter((t) => Number.isFinite(t));
	return Math.round(Math.max(0, ...times) * 1000);
}

const STDERR_LINES = 20;

/** Runs ffmpeg under nice (no shell); rejects with its last stderr lines. */
function ffmpeg(args: string[], signal?: AbortSignal): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn('nice', ['-n', '10', 'ffmpeg', ...args], {
			stdio: ['ignore', 'ignore', 'pipe'],
			signal
		});
		let tail = '';
		child.stderr.setEncoding('utf8');
		child.stderr.on('data', (chunk: string) => {
			tail = (tail + chunk)
				.split('\n')
				.slice(-STDERR_LINES - 1)
				.join('\n');
		});
		child.once('error', (error) =>
			reject(new ComposeError(`ffmpeg: ${error.message}`, tail.trim()))
		);
		child.once('close', (code, killedBy) => {
			if (code === 0) resolve();
			else
				reject(new ComposeError(`ffmpeg exited with ${killedBy ?? `code ${code}`}`, tail.trim()));
		});
	});
}
