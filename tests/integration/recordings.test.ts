import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingKeys } from '../../src/lib/server/redis-keys.ts';
import {
	startAppWithRedis,
	stopAppWithRedis,
	waitFor,
	type AppProcess
} from '../support/app-process.ts';
import { registerAndSignIn } from '../support/http.ts';
import { cliInvite } from '../support/admin-cli.ts';
import { deliverWebhook } from '../support/livekit-webhook.ts';

const run = promisify(execFile);
let app: AppProcess;
let redis: Redis;
let work: string;
let video: Buffer;
let admin: string;
let attendee: string;
const SLUG = 'cooperatieven-maken-de-stad';

beforeAll(async () => {
	work = await mkdtemp(join(tmpdir(), 'plenair-rec-'));
	await run('ffmpeg', [
		...['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=duration=3:size=160x120:rate=15'],
		...['-f', 'lavfi', '-i', 'sine=duration=3', '-c:v', 'libvpx', '-c:a', 'libopus'],
		join(work, 'clip.webm')
	]);
	video = await readFile(join(work, 'clip.webm'));
	// LiveKit Egress as the recorder (tests/integration/recorder-app.test.ts: the built-in one).
	({ app, redis } = await startAppWithRedis({
		NODE_ENV: 'test',
		PLENAIR_NOW: '2022-01-17T17:20:00+01:00',
		PLENAIR_RECORDER: 'egress'
	}));
	admin = await registerAndSignIn(app, 'rec-admin@example.org', {
		invite: await cliInvite(app, 'admin')
	});
	attendee = await registerAndSignIn(app, 'rec-viewer@example.org');
}, 120_000);
afterAll(async () => {
	await stopAppWithRedis(app, redis);
	if (work) await rm(work, { recursive: true, force: true });
});

const api = (session: string, action = '') =>
	`${app.url}/api/sessions/${session}/recording${action ? `/${action}` : ''}`;

async function upload(session: string, body: Uint8Array, cookie = admin, query = '') {
	return fetch(`${api(session, 'upload')}${query}`, {
		method: 'POST',
		headers: { cookie, 'content-type': 'application/octet-stream', origin: app.url },
		body: new Blob([new Uint8Array(body)])
	});
}

const recordingsDir = () => join(app.dataDir, 'recordings');
const listed = async () => (await readdir(recordingsDir()).catch(() => [])).sort();

describe('recordings: upload and range requests', () => {
	it('stores an uploaded WebM and serves it with ranges', async () => {
		const res = await upload('in-beeld-wonen-energie', video);
		expect(res.status).toBe(201);
		const view = (await res.json()) as { status: string; durationMs?: number };
		expect(view.status).toBe('ready');
		expect(view.durationMs).toBeGreaterThan(2500);
		const files = await listed();
		expect(files.filter((f) => f.endsWith('.webm'))).toHaveLength(1);
		expect(files.some((f) => f.endsWith('.jpg'))).toBe(true);

		const url = `${app.url}/terugkijken/in-beeld-wonen-energie/video`;
		const whole = await fetch(url, { headers: { cookie: attendee } });
		expect(whole.status).toBe(200);
		expect(whole.headers.get('content-type')).toBe('video/webm');
		expect(whole.headers.get('accept-ranges')).toBe('bytes');
		expect(Number(whole.headers.get('content-length'))).toBe(video.length);
		expect(Buffer.from(await whole.arrayBuffer()).equals(video)).toBe(true);

		const part = await fetch(url, { headers: { cookie: attendee, range: 'bytes=100-199' } });
		expect(part.status).toBe(206);
		expect(part.headers.get('content-range')).toBe(`bytes 100-199/${video.length}`);
		expect(part.headers.get('content-length')).toBe('100');
		expect(Buffer.from(await part.arrayBuffer()).equals(video.subarray(100, 200))).toBe(true);

		const tail = await fetch(url, { headers: { cookie: attendee, range: 'bytes=-10' } });
		expect(tail.status).toBe(206);
		expect(Buffer.from(await tail.arrayBuffer()).equals(video.subarray(video.length - 10))).toBe(
			true
		);

		const outside = await fetch(url, {
			headers: { cookie: attendee, range: `bytes=${video.length}-` }
		});
		expect(outside.status).toBe(416);
		expect(outside.headers.get('content-range')).toBe(`bytes */${video.length}`);

		const library = await (
			await fetch(`${app.url}/terugkijken`, { headers: { cookie: attendee } })
		).text();
		expect(library).toContain('data-recording="in-beeld-wonen-energie"');
		const chapters = await fetch(`${app.url}/terugkijken/in-beeld-wonen-energie/chapters.vtt`, {
			headers: { cookie: attendee }
		});
		expect(await chapters.text()).toMatch(/^WEBVTT\n\n1\n00:00:00.000 --> /);
	});

	it('refuses a file that is not a video, by its content, and leaves nothing behind', async () => {
		const before = await listed();
		const res = await upload(
			'in-beeld-voedsel-zorg',
			new TextEncoder().encode('<html>not a video, honest</html>')
		);
		expect(res.status).toBe(415);
		expect(((await res.json()) as { message: string }).message).toMatch(/not a WebM, MP4 or Ogg/);
		expect(await listed()).toEqual(before);
		expect(await redis.exists(recordingKeys.recording('in-beeld-voedsel-zorg'))).toBe(0);
	});

	it('refuses an upload over the limit before reading it', async () => {
		const before = await listed();
		const { request } = await import('node:http');
		const status = await new Promise<{ status: number; body: string }>((resolve, reject) => {
			const req = request(api('in-beeld-voedsel-zorg', 'upload'), {
				method: 'POST',
				headers: {
					cookie: admin,
					origin: app.url,
					'content-type': 'application/octet-stream',
					'content-length': String(5 * 1024 ** 3)
				}
			});
			req.on('response', (res) => {
				let body = '';
				res.setEncoding('utf8').on('data', (d: string) => (body += d));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
			});
			req.on('error', reject);
			req.write(video.subarray(0, 1024));
		});
		expect(status.status).toBe(413);
		expect(JSON.parse(status.body)).toMatchObject({
			message: expect.stringMatching(/larger than the limit of 4 GB/),
			limitBytes: 4 * 1024 ** 3
		});
		expect(await listed()).toEqual(before);
	});

	it('checks captions for a WebVTT header', async () => {
		const bad = await fetch(api('in-beeld-wonen-energie', 'captions'), {
			method: 'POST',
			headers: { cookie: admin, origin: app.url, 'content-type': 'text/vtt' },
			body: '1\n00:00.000 --> 00:01.000\nhello'
		});
		expect(bad.status).toBe(415);
		const good = await fetch(api('in-beeld-wonen-energie', 'captions'), {
			method: 'POST',
			headers: { cookie: admin, origin: app.url, 'content-type': 'text/vtt' },
			body: 'WEBVTT\n\n00:00.000 --> 00:01.000\nHallo'
		});
		expect(good.status).toBe(200);
		const served = await fetch(`${app.url}/terugkijken/in-beeld-wonen-energie/captions.vtt`, {
			headers: { cookie: attendee }
		});
		expect(served.headers.get('content-type')).toContain('text/vtt');
		expect(await served.text()).toContain('Hallo');
	});

	it('links external videos, validated', async () => {
		const link = (url: string) =>
			fetch(api('plenaire-opening', 'link'), {
				method: 'POST',
				headers: { cookie: admin, origin: app.url, 'content-type': 'application/json' },
				body: JSON.stringify({ url })
			});
		expect((await link('javascript:alert(1)')).status).toBe(422);
		expect((await link('https://evil.example/page')).status).toBe(422);
		expect((await link('https://vimeo.com/123456')).status).toBe(201);
		const page = await (
			await fetch(`${app.url}/terugkijken/plenaire-opening`, { headers: { cookie: attendee } })
		).text();
		expect(page).toContain('href="https://vimeo.com/123456"');
		expect(page).not.toContain('<video');
	});

	it('answers 401 and 403 on the management endpoints', async () => {
		for (const action of ['start', 'stop', 'upload', 'link', 'captions', 'chapters']) {
			const headers = { origin: app.url, 'content-type': 'application/octet-stream' };
			const anon = await fetch(api('plenaire-afsluiting', action), {
				method: 'POST',
				headers,
				body: 'x'
			});
			expect(anon.status, action).toBe(401);
			const member = await fetch(api('plenaire-afsluiting', action), {
				method: 'POST',
				headers: { ...headers, cookie: attendee },
				body: 'x'
			});
			expect(member.status, action).toBe(403);
		}
		expect(
			(await fetch(api('plenaire-afsluiting'), { headers: { cookie: attendee } })).status
		).toBe(403);
	});
});

const deliver = (event: object, secret?: string) => deliverWebhook(app, event, secret);

const status = async (session: string) =>
	JSON.parse((await redis.get(recordingKeys.recording(session))) ?? '{}') as {
		status?: string;
		error?: string;
	};

describe('recordings: LiveKit Egress at the boundary', () => {
	it('moves a recording to ready through signed egress webhooks; a bad signature changes nothing', async () => {
		const session = 'plenaire-afsluiting';
		const egress = { egressId: 'EG_test1', roomName: `${SLUG}--${session}` };
		await copyFile(join(work, 'clip.webm'), join(recordingsDir(), 'plenaire-afsluiting-1.webm'));

		expect(
			(
				await deliver({
					event: 'egress_started',
					egressInfo: { ...egress, status: 'EGRESS_ACTIVE' }
				})
			).status
		).toBe(200);
		expect(await waitFor(async () => (await status(session)).status === 'recording', 5000)).toBe(
			true
		);

		const forged = await deliver(
			{
				event: 'egress_ended',
				egressInfo: { ...egress, status: 'EGRESS_FAILED', error: 'forged' }
			},
			'not-the-secret-but-long-enough-0123456789'
		);
		expect(forged.status).toBe(401);

		await deliver({ event: 'egress_updated', egressInfo: { ...egress, status: 'EGRESS_ENDING' } });
		expect(await waitFor(async () => (await status(session)).status === 'processing', 5000)).toBe(
			true
		);

		await deliver({
			event: 'egress_ended',
			egressInfo: {
				...egress,
				status: 'EGRESS_COMPLETE',
				fileResults: [
					{
						filename: '/out/recordings/plenaire-afsluiting-1.webm',
						location: '/out/recordings/plenaire-afsluiting-1.webm',
						size: String(video.length),
						duration: '3000000000'
					}
				]
			}
		});
		expect(await waitFor(async () => (await status(session)).status === 'ready', 10_000)).toBe(
			true
		);
		const res = await fetch(`${app.url}/terugkijken/${session}/video`, {
			headers: { cookie: attendee, range: 'bytes=0-3' }
		});
		expect(res.status).toBe(206);
		expect(Buffer.from(await res.arrayBuffer())).toEqual(Buffer.from([0x1a, 0x45, 0xdf, 0xa3]));
	});

	it('a failed egress shows the reason to moderators and no player to viewers', async () => {
		const session = 'samensturing-samenschuring';
		await deliver({
			event: 'egress_ended',
			egressInfo: {
				egressId: 'EG_test2',
				roomName: `${SLUG}--${session}`,
				status: 'EGRESS_FAILED',
				error: 'pipeline crashed'
			}
		});
		expect(await waitFor(async () => (await status(session)).status === 'failed', 5000)).toBe(true);
		const asAdmin = await (
			await fetch(`${app.url}/terugkijken`, { headers: { cookie: admin } })
		).text();
		// The detail travels in the moderator's page data; the words shown are the component's
		// (tests/component/recording-controls.test.ts proves no English detail is shown).
		expect(asAdmin).toContain('opname mislukt');
		const asViewer = await (
			await fetch(`${app.url}/terugkijken`, { headers: { cookie: attendee } })
		).text();
		expect(asViewer).not.toContain(`data-recording="${session}"`);
		const page = await (
			await fetch(`${app.url}/terugkijken/${session}`, { headers: { cookie: attendee } })
		).text();
		expect(page).not.toContain('<video');
		expect(page).toContain('data-not-available');
	});

	it('starting a recording with no egress connected fails clearly', async () => {
		const start = (session: string) =>
			fetch(api(session, 'start'), { method: 'POST', headers: { cookie: admin, origin: app.url } });
		// Only a live session can be recorded.
		const early = await start('cooperatieve-fondsen');
		expect(early.status).toBe(409);
		expect(await early.json()).toMatchObject({ code: 'session_not_live' });
		const res = await start('toolkit-energietransitie');
		expect(res.status).toBe(200);
		const view = (await res.json()) as { status: string; error?: string };
		expect(view.status).toBe('failed');
		expect(view.error).toMatch(/^egress not connected/);
		const page = await (
			await fetch(`${app.url}/terugkijken/toolkit-energietransitie`, { headers: { cookie: admin } })
		).text();
		expect(page).toContain('niet opgenomen: naast Plenair draait geen opnamedienst');
		expect(page).not.toContain('<video');
	});

	it('records sessions marked `record: true` from the programme (failing clearly without egress)', async () => {
		// toekomst-wooncooperatie (record: true) is live at 17:20: the conductor asked for a recording.
		expect(
			await waitFor(
				async () => (await status('toekomst-wooncooperatie')).status === 'failed',
				10_000
			)
		).toBe(true);
		expect((await status('toekomst-wooncooperatie')).error).toMatch(/^egress not connected/);
		// brainstorm-cooperatieve-tech (record: false) is left alone.
		expect(await redis.exists(recordingKeys.recording('brainstorm-cooperatieve-tech'))).toBe(0);
	});
});
