import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AccessToken } from 'livekit-server-sdk';
import {
	assertExecutable,
	livekitBinaryPath,
	startLivekitServer,
	type RunningLivekit
} from '../../server/children/livekit-server.ts';
import { recorderBinaries } from '../../server/children/recorder-binary.ts';
import { parseConfig } from '../../src/lib/server/config.ts';
import { compose } from '../../src/lib/server/recordings/compose.ts';
import type { ComposeFormat } from '../../src/lib/server/recordings/compose-plan.ts';
import { cpuSeconds, rssMiB, treeCpuSeconds } from '../lib/proc.ts';

const run = promisify(execFile);

export interface RecorderRow {
	rooms: number;
	/** The bare baseline: livekit-server with the same publishers and no recorder. */
	livekitCpuPercentBare: number;
	livekitCpuPercentRecording: number;
	/** Per recorder process: % of one core, over the measured window. */
	recorderCpuPercent: { mean: number; max: number };
	recorderRssMiB: { mean: number; max: number };
}

export interface ComposeRow {
	format: ComposeFormat;
	roomSeconds: number;
	cpuSeconds: number;
	wallSeconds: number;
	cpuSecondsPerRoomMinute: number;
	sizeMiB: number;
}

export interface RecorderBench {
	publishersPerRoom: number;
	seconds: number;
	rows: RecorderRow[];
	compose: ComposeRow[];
}

/** CPU seconds of this process's waited-for children (ffmpeg under nice), from /proc. */
function childrenCpuSeconds(): number {
	const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
	return (Number(fields[13]) + Number(fields[14])) / 100;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round1 = (n: number) => Math.round(n * 10) / 10;
const stats = (values: number[]) => ({
	mean: round1(values.reduce((a, b) => a + b, 0) / Math.max(1, values.length)),
	max: round1(Math.max(0, ...values))
});

async function stopChild(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	child.kill('SIGTERM');
	await exited;
}

/**
 * What a recorded room costs while live: N rooms with two publishers each (720p VP8 at 1.5 Mbit/s
 * with motion, the top layer a browser camera sends, and Opus), measured first without recorders (livekit-server alone, the baseline), then
 * with one plenair-recorder per room; and what the composition of one room costs afterwards, in
 * WebM and in MP4.
 */
export async function recorderBench(roomCounts: number[], seconds: number): Promise<RecorderBench> {
	const config = parseConfig(process.env);
	const bins = await recorderBinaries(config.cacheDir);
	const hint =
		'Run `bash scripts/setup.sh` to build plenair-recorder and testpublisher (needs Go).';
	await assertExecutable(bins.recorder, hint);
	await assertExecutable(bins.testpublisher, hint);
	const work = await mkdtemp(join(tmpdir(), 'plenair-bench-recorder-'));
	// Moving pictures and speech-like sound, so the encoders and the recorder see real bitrates.
	await run('ffmpeg', [
		...['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=s=1280x720:r=25:d=10'],
		...[
			'-c:v',
			'libvpx',
			'-deadline',
			'realtime',
			'-cpu-used',
			'8',
			'-b:v',
			'1500k',
			'-g',
			'50',
			join(work, 'camera.ivf')
		]
	]);
	await run('ffmpeg', [
		...['-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=330:beep_factor=4:duration=10'],
		...['-ac', '2', '-c:a', 'libopus', join(work, 'voice.ogg')]
	]);
	const livekit: RunningLivekit = await startLivekitServer({
		bin: config.LIVEKIT_SERVER_BIN ?? livekitBinaryPath(config.cacheDir, config.LIVEKIT_VERSION)
	});
	const token = (room: string, identity: string, grant: Record<string, boolean>) => {
		const at = new AccessToken(livekit.apiKey, livekit.apiSecret, { identity, name: identity });
		at.addGrant({ room, roomJoin: true, ...grant });
		return at.toJwt();
	};
	const children: ChildProcess[] = [];
	const livekitPid = livekit.child.pid!;
	const rows: RecorderRow[] = [];
	const composeRows: ComposeRow[] = [];
	try {
		for (const rooms of roomCounts) {
			const names = Array.from({ length: rooms }, (_, i) => `bench-${rooms}-${i}`);
			const publishers: ChildProcess[] = [];
			for (const room of names)
				for (const who of ['a', 'b'])
					publishers.push(
						spawn(
							bins.testpublisher,
							[
								...['--url', livekit.url, '--video', join(work, 'camera.ivf')],
								...['--width', '1280', '--height', '720'],
								...['--audio', join(work, 'voice.ogg')]
							],
							{
								env: {
									...process.env,
									PUBLISHER_TOKEN: await token(room, `${room}-${who}`, { canPublish: true })
								},
								stdio: 'ignore'
							}
						)
					);
			children.push(...publishers);
			await sleep(3000);
			const bareStart = treeCpuSeconds(livekitPid);
			await sleep(seconds * 1000);
			const livekitBare = ((treeCpuSeconds(livekitPid) - bareStart) / seconds) * 100;

			const recorders = await Promise.all(
				names.map(async (room) => {
					const child = spawn(bins.recorder, ['--url', livekit.url, '--out', join(work, room)], {
						env: {
							...process.env,
							RECORDER_TOKEN: await token(room, `recorder-${room}`, {
								canSubscribe: true,
								canPublish: false,
								hidden: true
							})
						},
						stdio: 'ignore'
					});
					children.push(child);
					return child;
				})
			);
			// Joined and subscribed: the first keyframes are in.
			await sleep(3000);
			const before = recorders.map((r) => cpuSeconds(r.pid!));
			const livekitBefore = treeCpuSeconds(livekitPid);
			const rss: number[][] = recorders.map(() => []);
			for (let t = 0; t < seconds; t++) {
				await sleep(1000);
				recorders.forEach((r, i) => rss[i].push(rssMiB(r.pid!)));
			}
			const cpu = recorders.map((r, i) => ((cpuSeconds(r.pid!) - before[i]) / seconds) * 100);
			rows.push({
				rooms,
				livekitCpuPercentBare: round1(livekitBare),
				livekitCpuPercentRecording: round1(
					((treeCpuSeconds(livekitPid) - livekitBefore) / seconds) * 100
				),
				recorderCpuPercent: stats(cpu),
				recorderRssMiB: stats(rss.map((list) => Math.max(...list)))
			});
			await Promise.all(recorders.map(stopChild));
			await Promise.all(publishers.map(stopChild));

			// The composition of the first room of the largest run: what a room costs afterwards.
			if (rooms === Math.max(...roomCounts))
				for (const format of ['webm', 'mp4'] as const) {
					const began = Date.now();
					const cpuBefore = childrenCpuSeconds();
					const result = await compose(join(work, names[0]), join(work, `composed.${format}`), {
						format
					});
					const cpuUsed = childrenCpuSeconds() - cpuBefore;
					const { size } = await stat(result.file);
					composeRows.push({
						format,
						roomSeconds: round1(result.durationMs / 1000),
						cpuSeconds: round1(cpuUsed),
						wallSeconds: round1((Date.now() - began) / 1000),
						cpuSecondsPerRoomMinute: round1(cpuUsed / (result.durationMs / 60_000)),
						sizeMiB: round1(size / 1024 / 1024)
					});
				}
		}
	} finally {
		await Promise.all(children.map(stopChild));
		await livekit.child.stop();
		await rm(work, { recursive: true, force: true });
	}
	return { publishersPerRoom: 2, seconds, rows, compose: composeRows };
}
