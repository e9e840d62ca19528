import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AccessToken, RoomServiceClient } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { halfColours, probe } from '../support/video-frames.ts';
import {
	assertExecutable,
	livekitBinaryPath,
	startLivekitServer,
	type RunningLivekit
} from '../../server/children/livekit-server.ts';
import { recorderBinaries } from '../../server/children/recorder-binary.ts';
import { parseConfig } from '../../src/lib/server/config.ts';
import { compose, ComposeError, readManifest } from '../../src/lib/server/recordings/compose.ts';

/**
 * The built-in recorder through its real parts: livekit-server, two publishers with a red and a
 * blue camera, plenair-recorder, then the composition with ffmpeg, checked by decoding a frame.
 */
const run = promisify(execFile);
const config = parseConfig(process.env);
const SETUP_HINT =
	'Run `bash scripts/setup.sh` to build plenair-recorder and testpublisher (needs Go).';
let bins: { recorder: string; testpublisher: string };
let livekit: RunningLivekit;
let work: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
	bins = await recorderBinaries(config.cacheDir);
	await assertExecutable(bins.recorder, SETUP_HINT);
	await assertExecutable(bins.testpublisher, SETUP_HINT);
	work = await mkdtemp(join(tmpdir(), 'plenair-recorder-'));
	// A keyframe every second: testpublisher plays files and cannot answer a keyframe request.
	for (const colour of ['red', 'blue'])
		await run('ffmpeg', [
			...['-v', 'error', '-f', 'lavfi', '-i', `color=c=${colour}:s=640x360:r=25:d=4`],
			...['-f', 'lavfi', '-i', 'testsrc=s=160x90:r=25:d=4'],
			...['-filter_complex', '[0][1]overlay=W-w-8:H-h-8', '-c:v', 'libvpx', '-g', '25'],
			join(work, `${colour}.ivf`)
		]);
	// Tones of their own: two copies of one tone could cancel out in the mix.
	for (const [colour, hz] of [
		['red', 440],
		['blue', 660]
	])
		await run('ffmpeg', [
			...['-v', 'error', '-f', 'lavfi', '-i', `sine=frequency=${hz}:duration=4`],
			...['-ac', '2', '-c:a', 'libopus', join(work, `${colour}.ogg`)]
		]);
	livekit = await startLivekitServer({
		bin: config.LIVEKIT_SERVER_BIN ?? livekitBinaryPath(config.cacheDir, config.LIVEKIT_VERSION)
	});
}, 120_000);

afterAll(async () => {
	for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
	await livekit?.child.stop();
	if (work) await rm(work, { recursive: true, force: true });
});

async function token(room: string, identity: string, grant: Record<string, boolean>) {
	const at = new AccessToken(livekit.apiKey, livekit.apiSecret, { identity, name: identity });
	at.addGrant({ room, roomJoin: true, ...grant });
	return at.toJwt();
}

/** A testpublisher: red or blue video and its tone; SIGUSR1 mutes or unmutes it. */
async function publish(room: string, identity: string, colour: string, ...flags: string[]) {
	const child = spawn(
		bins.testpublisher,
		[
			...['--url', livekit.url, '--video', join(work, `${colour}.ivf`)],
			...['--audio', join(work, `${colour}.ogg`), ...flags]
		],
		{
			env: {
				...process.env,
				PUBLISHER_TOKEN: await token(room, identity, { canPublish: true, canSubscribe: false })
			},
			stdio: 'ignore'
		}
	);
	children.push(child);
	return child;
}

const stop = async (child: ChildProcess) => {
	if (child.exitCode !== null) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	child.kill('SIGTERM');
	await exited;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface RecorderEvent {
	event: string;
	file?: string;
	reason?: string;
	[key: string]: unknown;
}

/** plenair-recorder with its stdout read as JSON lines. */
function startRecorder(room: string, out: string, recorderToken: string) {
	const child = spawn(bins.recorder, ['--url', livekit.url, '--out', out], {
		env: { ...process.env, RECORDER_TOKEN: recorderToken },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	children.push(child);
	const events: RecorderEvent[] = [];
	let stderr = '';
	let rest = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
		const lines = (rest + chunk).split('\n');
		rest = lines.pop() ?? '';
		for (const line of lines) events.push(JSON.parse(line) as RecorderEvent);
	});
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
	const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
	const waitFor = async (what: (events: RecorderEvent[]) => boolean, timeoutMs: number) => {
		const deadline = Date.now() + timeoutMs;
		while (!what(events)) {
			if (Date.now() > deadline || child.exitCode !== null)
				throw new Error(`recorder events: ${JSON.stringify(events)}\nstderr: ${stderr}`);
			await new Promise((r) => setTimeout(r, 50));
		}
	};
	return { child, events, exited, waitFor, stderr: () => stderr };
}

const named = (events: RecorderEvent[], name: string) => events.filter((e) => e.event === name);

async function listTree(dir: string): Promise<string[]> {
	const entries = await readdir(dir, { recursive: true, withFileTypes: true });
	return entries
		.filter((e) => e.isFile())
		.map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
		.sort();
}

/** Mean volume (dB) of a video's sound around `hz`. */
async function toneLevel(file: string, hz: number): Promise<number> {
	const { stderr } = await run('ffmpeg', [
		...['-hide_banner', '-i', file, '-vn', '-af', `bandpass=f=${hz}:width_type=q:w=8,volumedetect`],
		...['-f', 'null', '-']
	]);
	return Number(/mean_volume: (-?[\d.]+) dB/.exec(stderr)?.[1]);
}

describe('plenair-recorder', () => {
	it('records two publishers to their own files, and the composition shows them side by side', async () => {
		const room = 'recorder-two';
		const alice = await publish(room, 'alice', 'red');
		const bob = await publish(room, 'bob', 'blue');
		const out = join(work, 'two');
		const rec = startRecorder(
			room,
			out,
			await token(room, 'recorder', { hidden: true, canSubscribe: true, canPublish: false })
		);
		await rec.waitFor((e) => named(e, 'track-start').length === 4, 30_000);
		expect(rec.events[0]).toMatchObject({ event: 'joined', room });
		// Ten seconds from the first track on: the room's recorded span.
		const firstStart = Math.min(
			...named(rec.events, 'track-start').map((e) => e.startMs as number)
		);
		const joinedAt = rec.events[0].startedAt as number;
		await sleep(joinedAt + firstStart + 10_000 - Date.now());
		rec.child.kill('SIGTERM');
		await sleep(20);
		rec.child.kill('SIGTERM'); // a second one changes nothing
		expect(await rec.exited).toBe(0);
		expect(rec.events.at(-1)).toMatchObject({ event: 'stopped' });
		expect(named(rec.events, 'track-end')).toHaveLength(4);
		expect(named(rec.events, 'error')).toEqual([]);

		const manifest = await readManifest(out);
		expect(manifest).toMatchObject({ version: 1, room, startedAt: joinedAt });
		const summary = manifest.tracks.map((t) => `${t.identity} ${t.kind} ${t.source}`).sort();
		expect(summary).toEqual([
			'alice audio microphone',
			'alice video camera',
			'bob audio microphone',
			'bob video camera'
		]);
		for (const track of manifest.tracks) {
			expect(track.endMs).not.toBeNull();
			expect(track.endMs! - track.startMs).toBeGreaterThan(8_000);
		}
		// Nothing half-written left behind: the manifest and one file per track.
		expect(await listTree(out)).toEqual(
			['manifest.json', ...manifest.tracks.map((t) => t.file)].sort()
		);

		const composed = join(work, 'two.webm');
		const result = await compose(out, composed);
		expect(result.durationMs).toBeGreaterThan(9_000);
		expect(result.durationMs).toBeLessThan(11_000);
		expect(result.thumbnail).toBe(join(work, 'two.jpg'));
		expect((await readFile(result.thumbnail!)).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
		const probed = await probe(composed);
		expect(probed.streams.map((s) => `${s.codec_type} ${s.codec_name}`).sort()).toEqual([
			'audio opus',
			'video vp8'
		]);
		expect(Number(probed.format.duration)).toBeGreaterThan(9);
		expect(Number(probed.format.duration)).toBeLessThan(11);
		// Both cameras, side by side, from the pixels of the composed file.
		expect((await halfColours(composed, 5, '1280:160:0:240')).sort()).toEqual(['blue', 'red']);
		// Both microphones in the mix: each tone alone is about -24 dB in its band, -38 dB when absent.
		expect(await toneLevel(composed, 440)).toBeGreaterThan(-30);
		expect(await toneLevel(composed, 660)).toBeGreaterThan(-30);

		const mp4 = await compose(out, join(work, 'two.mp4'), { format: 'mp4' });
		const probedMp4 = await probe(mp4.file);
		expect(probedMp4.streams.map((s) => `${s.codec_type} ${s.codec_name}`).sort()).toEqual([
			'audio aac',
			'video h264'
		]);
		expect((await halfColours(mp4.file, 5, '1280:160:0:240')).sort()).toEqual(['blue', 'red']);
		expect((await readdir(work)).filter((f) => f.startsWith('.'))).toEqual([]);
		await Promise.all([stop(alice), stop(bob)]);
	}, 120_000);

	it('follows the room: a late joiner, mute and unmute, leaving and coming back, a screen share', async () => {
		const room = 'recorder-life';
		const out = join(work, 'life');
		const rec = startRecorder(
			room,
			out,
			await token(room, 'recorder', { hidden: true, canSubscribe: true })
		);
		const started = (who: string) => (e: RecorderEvent[]) =>
			named(e, 'track-start').filter((s) => s.identity === who);
		const ended = (who: string) => (e: RecorderEvent[]) =>
			named(e, 'track-end').filter((s) => s.identity === who);
		await rec.waitFor((e) => named(e, 'joined').length === 1, 20_000);

		let alice = await publish(room, 'alice', 'red'); // after the recorder
		await rec.waitFor((e) => started('alice')(e).length === 2, 20_000);
		await sleep(1500);
		alice.kill('SIGUSR1'); // mute: both files end
		await rec.waitFor((e) => ended('alice')(e).length === 2, 10_000);
		await sleep(1500);
		alice.kill('SIGUSR1'); // unmute: new files for the same tracks
		await rec.waitFor((e) => started('alice')(e).length === 4, 10_000);
		const bob = await publish(room, 'bob', 'blue', '--screen');
		await rec.waitFor((e) => started('bob')(e).length === 2, 20_000);
		await sleep(1500);
		await stop(alice); // leaves…
		await rec.waitFor((e) => ended('alice')(e).length === 4, 10_000);
		alice = await publish(room, 'alice', 'red'); // …and comes back
		await rec.waitFor((e) => started('alice')(e).length === 6, 20_000);
		await sleep(2500);
		rec.child.kill('SIGTERM');
		expect(await rec.exited).toBe(0);
		await Promise.all([stop(alice), stop(bob)]);

		const manifest = await readManifest(out);
		const videos = (who: string) =>
			manifest.tracks.filter((t) => t.identity === who && t.kind === 'video');
		const [first, afterUnmute, afterRejoin] = videos('alice');
		expect(videos('alice')).toHaveLength(3);
		expect(afterUnmute.file).toBe(first.file.replace('.webm', '-2.webm'));
		expect(afterRejoin.file).not.toContain(first.file.replace('.webm', ''));
		expect(first.endMs!).toBeLessThan(afterUnmute.startMs);
		expect(afterUnmute.endMs!).toBeLessThan(afterRejoin.startMs);
		expect(videos('bob').map((t) => t.source)).toEqual(['screen_share']);
		expect(manifest.tracks.every((t) => t.endMs !== null)).toBe(true);

		const composed = join(work, 'life.webm');
		const result = await compose(out, composed);
		const at = (ms: number) => (ms - result.startMs) / 1000;
		// While alice was muted and bob not there yet: both tiles black.
		const muted = await halfColours(
			composed,
			at((first.endMs! + afterUnmute.startMs) / 2),
			'1280:160:0:240'
		);
		expect(muted.every((c) => /^rgb\((\d{1,2}),(\d{1,2}),(\d{1,2})\)$/.test(c))).toBe(true);
		// After alice came back: the screen share first (left), her camera beside it.
		expect(await halfColours(composed, at(afterRejoin.startMs + 1000), '1280:160:0:240')).toEqual([
			'blue',
			'red'
		]);
	}, 120_000);

	it('skips an H.264 camera with a track-skipped line, and records the rest', async () => {
		const video = join(work, 'green.h264');
		await run('ffmpeg', [
			...['-v', 'error', '-f', 'lavfi', '-i', 'color=c=green:s=640x360:r=25:d=30'],
			...['-c:v', 'libx264', '-profile:v', 'baseline', '-pix_fmt', 'yuv420p', '-g', '25'],
			...['-bsf:v', 'h264_mp4toannexb', '-f', 'h264', video]
		]);
		const room = 'recorder-h264';
		const carol = spawn(
			bins.testpublisher,
			['--url', livekit.url, '--video', video, '--audio', join(work, 'red.ogg')],
			{
				env: {
					...process.env,
					PUBLISHER_TOKEN: await token(room, 'carol', { canPublish: true, canSubscribe: false })
				},
				stdio: 'ignore'
			}
		);
		children.push(carol);
		const out = join(work, 'h264');
		const rec = startRecorder(
			room,
			out,
			await token(room, 'recorder', { hidden: true, canSubscribe: true })
		);
		await rec.waitFor(
			(e) => named(e, 'track-skipped').length === 1 && named(e, 'track-start').length === 1,
			30_000
		);
		expect(named(rec.events, 'track-skipped')[0]).toMatchObject({
			identity: 'carol',
			kind: 'video'
		});
		expect(named(rec.events, 'track-skipped')[0].reason).toMatch(
			/H264.*only VP8 video and Opus audio/i
		);
		expect(rec.stderr()).toMatch(/not recording a track/);
		rec.child.kill('SIGTERM');
		expect(await rec.exited).toBe(0);
		await stop(carol);
		const manifest = await readManifest(out);
		expect(manifest.tracks.map((t) => `${t.identity} ${t.kind}`)).toEqual(['carol audio']);
	}, 90_000);

	it('stops by itself, exit 0, when the room is closed', async () => {
		const room = 'recorder-closed';
		const out = join(work, 'closed');
		const rec = startRecorder(
			room,
			out,
			await token(room, 'recorder', { hidden: true, canSubscribe: true })
		);
		await rec.waitFor((e) => named(e, 'joined').length === 1, 20_000);
		await new RoomServiceClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret).deleteRoom(
			room
		);
		expect(await rec.exited).toBe(0);
		expect(rec.events.at(-1)).toMatchObject({ event: 'stopped' });
		expect(await listTree(out)).toEqual(['manifest.json']);
	}, 60_000);

	it('exits non-zero with an error line when the token is refused', async () => {
		const room = 'recorder-refused';
		const forged = await new AccessToken(
			livekit.apiKey,
			'not-the-secret-of-this-server-0123456789',
			{
				identity: 'recorder'
			}
		);
		forged.addGrant({ room, roomJoin: true, hidden: true, canSubscribe: true });
		const rec = startRecorder(room, join(work, 'refused'), await forged.toJwt());
		expect(await rec.exited).not.toBe(0);
		expect(rec.events).toHaveLength(1);
		expect(rec.events[0].event).toBe('error');
		expect(rec.events[0].reason).toMatch(/could not join/);
	}, 60_000);

	it('exits non-zero with an error line when LiveKit is not there', async () => {
		const rec = spawn(bins.recorder, ['--url', 'ws://127.0.0.1:9', '--out', join(work, 'down')], {
			env: { ...process.env, RECORDER_TOKEN: await token('x', 'recorder', { canSubscribe: true }) },
			stdio: ['ignore', 'pipe', 'ignore']
		});
		children.push(rec);
		let stdout = '';
		rec.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
		const code = await new Promise((resolve) => rec.once('exit', resolve));
		expect(code).not.toBe(0);
		expect(JSON.parse(stdout.trim())).toMatchObject({ event: 'error' });
	}, 60_000);

	it('a composition that fails says why in ffmpeg’s words and leaves no file behind', async () => {
		const dir = join(work, 'broken');
		const outDir = join(work, 'broken-out');
		await mkdir(join(dir, 'tracks'), { recursive: true });
		await mkdir(outDir);
		await writeFile(join(dir, 'tracks', 'ann-TR_1.webm'), 'not a video');
		const manifest = {
			version: 1 as const,
			room: 'r',
			startedAt: 0,
			tracks: [
				{ file: 'tracks/ann-TR_1.webm', identity: 'ann', name: 'Ann', kind: 'video' as const },
				{ file: 'tracks/ann-TR_2.webm', identity: 'ann', name: 'Ann', kind: 'audio' as const }
			].map((t) => ({ ...t, source: 'camera', startMs: 0, endMs: 1000 }))
		};
		const error = await compose(dir, join(outDir, 'x.webm'), { manifest }).catch((e) => e);
		expect(error).toBeInstanceOf(ComposeError);
		expect((error as ComposeError).stderr).toMatch(/ann-TR_1\.webm|Invalid data/);
		expect(await readdir(outDir)).toEqual([]);
	});
});
