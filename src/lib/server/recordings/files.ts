import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { isWebVtt, sniffVideoType } from '../../shared/recordings/logic.ts';
import type { VideoType } from '../../shared/recordings/schema.ts';

const run = promisify(execFile);
const EXTENSIONS: Record<VideoType, string> = {
	'video/webm': 'webm',
	'video/mp4': 'mp4',
	'video/ogg': 'ogv'
};

/** Where recordings live: <PLENAIR_DATA_DIR>/recordings. */
export function recordingsDir(dataDir: string): string {
	return join(dataDir, 'recordings');
}

/** A refused upload: the status and a sentence for the person who sent it. */
export class UploadError extends Error {
	constructor(
		readonly status: 400 | 413 | 415 | 422,
		message: string
	) {
		super(message);
	}
}

const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;

/**
 * Streams a body into a temporary file in the recordings folder, checks the first bytes and the
 * size on the way, and renames it into place only when all of it arrived and passed: a refused
 * or broken upload leaves nothing behind.
 */
export async function saveVideo(
	dir: string,
	session: string,
	body: ReadableStream<Uint8Array> | null,
	maxBytes: number
): Promise<{ file: string; contentType: VideoType; size: number }> {
	if (!body) throw new UploadError(400, 'Send the video file as the request body.');
	await mkdir(dir, { recursive: true });
	const temp = join(dir, `.upload-${randomUUID()}.part`);
	let size = 0;
	let head: Uint8Array = new Uint8Array(0);
	let type: VideoType | undefined;
	const check = async function* (source: AsyncIterable<Uint8Array>) {
		for await (const chunk of source) {
			size += chunk.length;
			if (size > maxBytes)
				throw new UploadError(413, `The video is larger than the limit of ${mib(maxBytes)}.`);
			if (!type) {
				head = concat(head, chunk);
				if (head.length >= 12) {
					type = sniffVideoType(head);
					if (!type)
						throw new UploadError(
							415,
							'This is not a WebM, MP4 or Ogg video (checked by its content, not its name).'
						);
				}
			}
			yield chunk;
		}
	};
	try {
		await pipeline(
			Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>),
			check,
			createWriteStream(temp, { flags: 'wx' })
		);
		if (!type) type = sniffVideoType(head);
		if (!type)
			throw new UploadError(
				size === 0 ? 400 : 415,
				size === 0 ? 'The file is empty.' : 'This is not a WebM, MP4 or Ogg video.'
			);
		const file = `${session}-${randomUUID().slice(0, 8)}.${EXTENSIONS[type]}`;
		await rename(temp, join(dir, file));
		return { file, contentType: type, size };
	} catch (error) {
		await rm(temp, { force: true });
		if (error instanceof UploadError) throw error;
		const message = (error as Error).message;
		if (/BODY_SIZE_LIMIT|content-length|Payload Too Large/i.test(message))
			throw new UploadError(
				413,
				`The server refused the upload as too large (${message}); raise PLENAIR_UPLOAD_LIMIT.`
			);
		throw new UploadError(400, `The upload broke off: ${message}`);
	}
}

/** Reads a WebVTT captions body (size-limited), checks its header and stores it. */
export async function saveCaptions(
	dir: string,
	session: string,
	body: ReadableStream<Uint8Array> | null,
	maxBytes: number
): Promise<string> {
	if (!body) throw new UploadError(400, 'Send the WebVTT file as the request body.');
	const chunks: Uint8Array[] = [];
	let size = 0;
	for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
		size += chunk.length;
		if (size > maxBytes)
			throw new UploadError(413, `Captions are larger than the limit of ${maxBytes / 1024} KiB.`);
		chunks.push(chunk);
	}
	const text = new TextDecoder('utf-8', { fatal: false }).decode(concat(...chunks));
	if (!isWebVtt(text))
		throw new UploadError(415, 'Captions must be a WebVTT file that starts with "WEBVTT".');
	await mkdir(dir, { recursive: true });
	const file = `${session}-${randomUUID().slice(0, 8)}.vtt`;
	const temp = join(dir, `.upload-${randomUUID()}.part`);
	const { writeFile } = await import('node:fs/promises');
	await writeFile(temp, text, { flag: 'wx' });
	await rename(temp, join(dir, file));
	return file;
}

function concat(...parts: Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.length;
	}
	return out;
}

/** Duration through ffprobe, and a thumbnail frame through ffmpeg; either may be missing. */
export async function probe(
	dir: string,
	file: string
): Promise<{ durationMs?: number; thumbnail?: string }> {
	const path = join(dir, basename(file));
	let durationMs: number | undefined;
	try {
		const { stdout } = await run(
			'ffprobe',
			['-v', 'error', '-show_entries', 'format=duration', '-of', 'default=nw=1:nk=1', path],
			{ timeout: 30_000 }
		);
		const seconds = Number.parseFloat(stdout.trim());
		if (Number.isFinite(seconds) && seconds > 0) durationMs = Math.round(seconds * 1000);
	} catch {
		// No ffprobe or an unreadable file: the duration stays unknown.
	}
	const thumbnail = `${basename(file).replace(/\.[a-z0-9]+$/, '')}.jpg`;
	try {
		const at = durationMs ? Math.min(1, durationMs / 2000) : 0;
		await run(
			'ffmpeg',
			[
				'-v',
				'error',
				'-y',
				'-ss',
				String(at),
				'-i',
				path,
				'-frames:v',
				'1',
				'-vf',
				'scale=320:-2',
				join(dir, thumbnail)
			],
			{ timeout: 60_000 }
		);
		await stat(join(dir, thumbnail));
		return { durationMs, thumbnail };
	} catch {
		return { durationMs };
	}
}

/** Removes stored files of a recording that was replaced. */
export async function removeFiles(dir: string, files: (string | undefined)[]): Promise<void> {
	await Promise.all(
		files
			.filter((f): f is string => Boolean(f))
			.map((f) => rm(join(dir, basename(f)), { force: true }))
	);
}

/** A stored file's absolute path and size, or undefined when it is gone. */
export async function storedFile(
	dir: string,
	file: string
): Promise<{ path: string; size: number } | undefined> {
	const path = join(dir, basename(file));
	try {
		const info = await stat(path);
		return info.isFile() ? { path, size: info.size } : undefined;
	} catch {
		return undefined;
	}
}
