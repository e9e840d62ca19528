import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Redis } from 'ioredis';
import { AccessToken } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { halfColours, probe } from '../support/video-frames.ts';
import { Child } from '../../server/children/child-process.ts';
import { assertExecutable } from '../../server/children/livekit-server.ts';
import { recorderBinaries } from '../../server/children/recorder-binary.ts';
import { parseConfig } from '../../src/lib/server/config.ts';
import { RecordingSchema, type Recording } from '../../src/lib/shared/recordings/schema.ts';
import { recordingKeys } from '../../src/lib/server/redis-keys.ts';
import { cliInvite } from '../support/admin-cli.ts';
import {
	startApp,
	startAppWithRedis,
	stopAppWithRedis,
	TEST_LIVEKIT_KEY,
	TEST_LIVEKIT_SECRET,
	waitFor,
	type AppProcess
} from '../support/app-process.ts';
import { registerAndSignIn, setProgrammeClock } from '../support/http.ts';

/*
 * The built-in recorder inside the app (PLENAIR_RECORDER=builtin, the default): real app
 * processes, their redis-server and livekit-server, testpublisher as two people with a red and a
 * blue camera, plenair-recorder started by the app, and ffmpeg composing the result.
 */
const run = promisify(execFile);
const SLUG = 'cooperatieven-maken-de-stad';
// Round I is live at 17:20. MANUAL (`record: false`) is recorded by a moderator's hand; AUTO has
// `record: true`, so the programme records it.
const MANUAL = 'brainstorm-cooperatieve-tech';
const AUTO = 'toekomst-wooncooperatie';
// Also `record: true` in round I (17:15–18:15); the programme stops it at its end.
const AUTO_TOO = 'toolkit-energietransitie';
const SETUP_HINT =
	'Run `bash scripts/setup.sh` to build plenair-recorder and testpublisher (needs Go).';

let app: AppProcess;
let second: AppProcess | undefined;
let redis: Redis;
let admin: string;
let work: string;
let testpublisher: string;
const publishers: Child[] = [];

beforeAll(async () => {
	const bins = await recorderBinaries(parseConfig(process.env).cacheDir);
	await assertExecutable(bins.recorder, SETUP_HINT);
	await assertExecutable(bins.testpublisher, SETUP_HINT);
	testpublisher = bins.testpublisher;
	work = await mkdtemp(join(tmpdir(), 'plenair-recorder-app-'));
	for (const colour of ['red', 'blue'])
		await run('ffmpeg', [
			...['-v', 'error', '-f', 'lavfi', '-i', `color=c=${colour}:s=640x360:r=25:d=4`],
			...['-c:v', 'libvpx', '-g', '25', join(work, `${colour}.ivf`)]
		]);
	await run('ffmpeg', [
		...['-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=4'],
		...['-ac', '2', '-c:a', 'libopus', join(work, 'tone.ogg')]
	]);
	({ app, redis } = await startAppWithRedis(
		{ NODE_ENV: 'test', PLENAIR_NOW: '2022-01-17T17:20:00+01:00' },
		{ keepDataDir: true }
	));
	admin = await registerAndSignIn(app, 'recorder-admin@example.org', {
		invite: await cliInvite(app, 'admin')
	});
}, 120_000);

afterAll(async () => {
	await Promise.all(publishers.map((p) => p.stop()));
	await second?.stop();
	await stopAppWithRedis(app, redis);
	if (app) await rm(app.dataDir, { recursive: true, force: true });
	if (work) await rm(work, { recursive: true, force: true });
});

/** Someone in a session's room publishing a coloured camera and a tone. */
async function publish(session: string, identity: string, colour: string) {
	const token = new AccessToken(TEST_LIVEKIT_KEY, TEST_LIVEKIT_SECRET, {
		identity,
		name: identity
	});
	token.addGrant({ room: `${SLUG}--${session}`, roomJoin: true, canPublish: true });
	publishers.push(
		new Child({
			name: identity,
			command: testpublisher,
			args: [
				...['--url', app.livekit!.url, '--video', join(work, `${colour}.ivf`)],
				...['--audio', join(work, 'tone.ogg')]
			],
			env: { ...process.env, PUBLISHER_TOKEN: await token.toJwt() }
		})
	);
}

const api = (session: string, action: string) =>
	fetch(`${app.url}/api/sessions/${session}/recording/${action}`, {
		method: 'POST',
		headers: { cookie: admin, origin: app.url }
	});

async function stored(session: string): Promise<Recording | undefined> {
	const raw = await redis.get(recordingKeys.recording(session));
	return raw ? RecordingSchema.parse(JSON.parse(raw)) : undefined;
}

async function until(session: string, status: Recording['status'], timeoutMs: number) {
	const reached = await waitFor(async () => (await stored(session))?.status === status, timeoutMs);
	expect(reached, `${session}: ${JSON.stringify(await stored(session))}`).toBe(true);
	return (await stored(session))!;
}

/** The recorder processes running for a session (the app starts them; their --out names it). */
async function recorderPids(session: string): Promise<number[]> {
	// This app's recorders only: other test files may record the same sessions at once.
	const work = join(app.dataDir, 'recordings', 'work').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	const { stdout } = await run('pgrep', ['-f', `plenair-recorder .*${work}/${session}-`]).catch(
		() => ({ stdout: '' })
	);
	return stdout.split('\n').filter(Boolean).map(Number);
}

describe('the built-in recorder in the app', () => {
	it('a moderator records a breakout: ready with both people side by side; twice is refused', async () => {
		await publish(MANUAL, 'rood', 'red');
		await publish(MANUAL, 'blauw', 'blue');

		const started = await api(MANUAL, 'start');
		expect(started.status).toBe(200);
		expect(((await started.json()) as { status: string }).status).toBe('pending');
		const again = await api(MANUAL, 'start');
		expect(again.status).toBe(409);
		expect(await again.json()).toMatchObject({ code: 'recording_busy' });

		await until(MANUAL, 'recording', 20_000);
		const recordingSince = Date.now();
		expect(await recorderPids(MANUAL)).toHaveLength(1);
		// Recording for ten seconds of the room (a duration, not a wait for an event).
		await new Promise((r) => setTimeout(r, 10_000));
		const stopped = await api(MANUAL, 'stop');
		const recordedMs = Date.now() - recordingSince;
		expect(stopped.status).toBe(200);
		expect(((await stopped.json()) as { status: string }).status).toBe('processing');
		const twice = await api(MANUAL, 'stop');
		expect(twice.status).toBe(409);
		expect(await twice.json()).toMatchObject({ code: 'recording_idle' });

		const ready = await until(MANUAL, 'ready', 90_000);
		expect(ready).toMatchObject({ source: 'recorder', contentType: 'video/webm' });
		const file = join(app.dataDir, 'recordings', ready.file!);
		const { streams, format } = await probe(file);
		expect(streams.map((s) => s.codec_type).sort()).toEqual(['audio', 'video']);
		// The video spans the room from the first track to the stop.
		expect(Number(format.duration) * 1000).toBeGreaterThan(recordedMs - 2500);
		expect(Number(format.duration) * 1000).toBeLessThan(recordedMs + 1500);
		expect((await halfColours(file, 5)).sort()).toEqual(['blue', 'red']);
		expect(ready.thumbnail).toMatch(/\.jpg$/);
		expect(await recorderPids(MANUAL)).toEqual([]);
		// Nothing left of the run's working folder.
		expect(await readdir(join(app.dataDir, 'recordings', 'work'))).not.toContainEqual(
			expect.stringContaining(MANUAL)
		);
		// The library shows it to whoever may watch.
		const page = await (
			await fetch(`${app.url}/terugkijken/${MANUAL}`, { headers: { cookie: admin } })
		).text();
		expect(page).toContain('<video');
	}, 150_000);

	it('refuses a session that is not live', async () => {
		const res = await api('cooperatieve-fondsen', 'start');
		expect(res.status).toBe(409);
		expect(await res.json()).toMatchObject({ code: 'session_not_live' });
	});

	it('records `record: true` sessions once across two nodes, and survives its recorder being killed', async () => {
		await publish(AUTO, 'rood-2', 'red');
		// The programme started it when the app came up (17:20 is inside the session).
		await until(AUTO, 'recording', 30_000);
		// A second node on the same Redis, LiveKit and recordings folder (as in a cluster).
		second = await startApp(
			{
				NODE_ENV: 'test',
				PLENAIR_NOW: '2022-01-17T17:20:00+01:00',
				REDIS_URL: app.redis!.url,
				LIVEKIT_URL: app.livekit!.url
			},
			{ dataDir: app.dataDir, keepDataDir: true }
		);
		// Three of the second node's ticks (a window for something that must not happen): still
		// one recorder for the room.
		await new Promise((r) => setTimeout(r, 3000));
		expect(await recorderPids(AUTO)).toHaveLength(1);

		const [killed] = await recorderPids(AUTO);
		process.kill(killed, 'SIGKILL');
		// A node takes the job over with a new segment.
		expect(
			await waitFor(async () => {
				const pids = await recorderPids(AUTO);
				return pids.length === 1 && pids[0] !== killed;
			}, 20_000)
		).toBe(true);
		// Four seconds of the second segment.
		await new Promise((r) => setTimeout(r, 4000));
		expect((await api(AUTO, 'stop')).status).toBe(200);
		const ready = await until(AUTO, 'ready', 90_000);
		expect(ready.chapters.map((c) => c.title)).toContain(
			'De opname gaat verder na een onderbreking'
		);
		const file = join(app.dataDir, 'recordings', ready.file!);
		expect(Number((await probe(file)).format.duration)).toBeGreaterThan(5);
	}, 180_000);

	it('stops a `record: true` session at its end, and the library has it', async () => {
		// One node from here on: the second one's clock would still be inside the session.
		await second?.stop();
		second = undefined;
		await publish(AUTO_TOO, 'rood-3', 'red');
		await until(AUTO_TOO, 'recording', 30_000);
		expect(await recorderPids(AUTO_TOO)).toHaveLength(1);
		// A few seconds of someone in the room.
		await new Promise((r) => setTimeout(r, 4000));
		await setProgrammeClock(app, '2022-01-17T18:15:02+01:00');
		const ready = await until(AUTO_TOO, 'ready', 90_000);
		expect(ready.source).toBe('recorder');
		expect(await recorderPids(AUTO_TOO)).toEqual([]);
		expect(
			Number((await probe(join(app.dataDir, 'recordings', ready.file!))).format.duration)
		).toBeGreaterThan(3);
	}, 150_000);
});
