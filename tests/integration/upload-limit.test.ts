import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type AppProcess } from '../support/app-process.ts';
import { registerAndSignIn } from '../support/http.ts';
import { cliInvite } from '../support/admin-cli.ts';

/*
 * Recording uploads through the built app (server/main.ts around adapter-node): a video far over
 * adapter-node's old 512K body limit streams to disk, and the limit is the setting
 * PLENAIR_UPLOAD_LIMIT (here 25M), enforced by the declared length and by counting the bytes.
 */
const run = promisify(execFile);
const MiB = 1024 ** 2;
let app: AppProcess;
let work: string;
let clip: Buffer;
let admin: string;

beforeAll(async () => {
	work = await mkdtemp(join(tmpdir(), 'plenair-upload-'));
	await run('ffmpeg', [
		...['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=duration=2:size=160x120:rate=15'],
		...['-c:v', 'libvpx', join(work, 'clip.webm')]
	]);
	clip = await readFile(join(work, 'clip.webm'));
	app = await startApp({
		NODE_ENV: 'test',
		PLENAIR_NOW: '2022-01-17T17:20:00+01:00',
		PLENAIR_UPLOAD_LIMIT: '25M'
	});
	admin = await registerAndSignIn(app, 'upload-admin@example.org', {
		invite: await cliInvite(app, 'admin')
	});
}, 120_000);
afterAll(async () => {
	await app?.stop();
	if (work) await rm(work, { recursive: true, force: true });
});

/** A real WebM padded with zeros to `size` bytes (players and ffprobe ignore the tail). */
const videoOf = (size: number) => {
	const body = Buffer.alloc(size);
	clip.copy(body);
	return body;
};
const url = (session: string) => `${app.url}/api/sessions/${session}/recording/upload`;
const recordings = async () =>
	(await readdir(join(app.dataDir, 'recordings')).catch(() => [])).sort();

/**
 * Sends the body in 1 MiB chunks, with or without a declared length; `declared` claims a length
 * and sends only its first 16 KiB (the answer must come before the rest).
 */
function send(
	session: string,
	body: Buffer,
	declareLength: boolean,
	declared?: number
): Promise<{ status: number; json: Record<string, unknown> }> {
	return new Promise((resolve, reject) => {
		const req = request(url(session), {
			method: 'POST',
			headers: {
				cookie: admin,
				origin: app.url,
				'content-type': 'application/octet-stream',
				...(declareLength ? { 'content-length': String(declared ?? body.length) } : {})
			}
		});
		let answered = false;
		req.on('response', (res) => {
			answered = true;
			let text = '';
			res.setEncoding('utf8').on('data', (d: string) => (text += d));
			res.on('end', () =>
				resolve({ status: res.statusCode ?? 0, json: JSON.parse(text || '{}') as never })
			);
		});
		// The server may answer (and close) before all of a refused body is written.
		req.on('error', (error) => (req.writableEnded || answered ? undefined : reject(error)));
		if (declared !== undefined) {
			// A little of the body, small enough to sit in the socket's buffer: the server answers
			// from the declared length and closes, which must not make this write fail.
			req.write(body.subarray(0, 16 * 1024));
			return;
		}
		void (async () => {
			for (let at = 0; at < body.length && !req.destroyed; at += MiB)
				if (!req.write(body.subarray(at, at + MiB))) await new Promise((r) => req.once('drain', r));
			req.end();
		})();
	});
}

describe('recording upload: streamed to disk, limited by PLENAIR_UPLOAD_LIMIT', () => {
	it('takes a 20 MiB video, far above the old 512K body limit, and stores every byte', async () => {
		const body = videoOf(20 * MiB);
		const res = await send('in-beeld-wonen-energie', body, true);
		expect(res.status).toBe(201);
		expect(res.json).toMatchObject({ status: 'ready', source: 'upload' });
		const stored = (await recordings()).filter((f) => f.endsWith('.webm'));
		expect(stored).toHaveLength(1);
		expect((await stat(join(app.dataDir, 'recordings', stored[0]!))).size).toBe(body.length);
		const onDisk = await readFile(join(app.dataDir, 'recordings', stored[0]!));
		expect(onDisk.equals(body)).toBe(true);
	});

	it('takes a streamed body without a declared length (chunked) too', async () => {
		const res = await send('in-beeld-voedsel-zorg', videoOf(12 * MiB), false);
		expect(res.status).toBe(201);
	});

	it('refuses a declared length over the limit, with the limit for the form', async () => {
		const before = await recordings();
		const res = await send('toekomst-wooncooperatie', videoOf(2 * MiB), true, 30 * MiB);
		expect(res.status).toBe(413);
		expect(res.json).toMatchObject({
			message: expect.stringMatching(/larger than the limit of 25 MB/),
			limitBytes: 25 * MiB
		});
		expect(await recordings()).toEqual(before);
	});

	it('refuses a chunked body once it passes the limit, and leaves nothing behind', async () => {
		const before = await recordings();
		const res = await send('toolkit-energietransitie', videoOf(30 * MiB), false);
		expect(res.status).toBe(413);
		expect(res.json).toMatchObject({ limitBytes: 25 * MiB });
		expect(await recordings()).toEqual(before);
	});

	it('keeps every other route at the ordinary 512K limit', async () => {
		const res = await fetch(`${app.url}/signin`, {
			method: 'POST',
			headers: { origin: app.url, 'content-type': 'application/x-www-form-urlencoded' },
			body: `email=${'a'.repeat(600 * 1024)}`
		});
		expect(res.status).toBe(413);
	});
});
