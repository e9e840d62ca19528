import { describe, expect, it } from 'vitest';
import {
	grid,
	layoutTiles,
	planComposition,
	thumbnailArgs,
	type PlacedTrack
} from '../../src/lib/server/recordings/compose-plan.ts';
import { RecorderManifestSchema } from '../../src/lib/server/recordings/manifest.ts';

const track = (
	identity: string,
	kind: 'audio' | 'video',
	startMs: number,
	endMs: number,
	source = kind === 'video' ? 'camera' : 'microphone',
	n = ''
): PlacedTrack => ({
	file: `tracks/${identity}-TR_${kind}${source}${n}.webm`,
	identity,
	name: identity,
	kind,
	source,
	startMs,
	endMs
});

const graphOf = (args: string[]) => args[args.indexOf('-filter_complex') + 1];
const inputsOf = (args: string[]) => args.filter((_, i) => args[i - 1] === '-i');

describe('layout', () => {
	it('grows the grid with the number of tiles', () => {
		expect([1, 2, 3, 4, 5, 6].map((n) => grid(n))).toEqual([
			{ cols: 1, rows: 1 },
			{ cols: 2, rows: 1 },
			{ cols: 2, rows: 2 },
			{ cols: 2, rows: 2 },
			{ cols: 3, rows: 2 },
			{ cols: 3, rows: 2 }
		]);
	});

	it('fills the frame with one tile and puts two side by side', () => {
		const one = layoutTiles([track('ann', 'video', 0, 10)], 1280, 720, 6);
		expect(one).toMatchObject([{ identity: 'ann', x: 0, y: 0, width: 1280, height: 720 }]);
		const two = layoutTiles(
			[track('ann', 'video', 0, 10), track('bo', 'video', 5, 10)],
			1280,
			720,
			6
		);
		expect(two.map(({ identity, x, y, width, height }) => [identity, x, y, width, height])).toEqual(
			[
				['ann', 0, 0, 640, 720],
				['bo', 640, 0, 640, 720]
			]
		);
	});

	it('puts the screen share first, keeps a participant in one tile, and stops at the maximum', () => {
		const tracks = [
			track('ann', 'video', 0, 100, 'camera', 'a'),
			track('ann', 'video', 200, 300, 'camera', 'b'), // after a mute: the same tile
			track('ann', 'audio', 0, 300),
			...['b', 'c', 'd', 'e', 'f', 'g'].map((p, i) => track(p, 'video', 10 + i, 300)),
			track('g', 'video', 50, 300, 'screen_share')
		];
		const tiles = layoutTiles(tracks, 1280, 720, 6);
		expect(tiles.map((t) => `${t.identity}/${t.source}`)).toEqual([
			'g/screen_share',
			'ann/camera',
			'b/camera',
			'c/camera',
			'd/camera',
			'e/camera'
		]);
		expect(tiles[1].tracks.map((t) => t.startMs)).toEqual([0, 200]);
		expect(tiles.map((t) => [t.x, t.y, t.width, t.height])).toEqual([
			[0, 0, 426, 360],
			[426, 0, 426, 360],
			[852, 0, 426, 360],
			[0, 360, 426, 360],
			[426, 360, 426, 360],
			[852, 360, 426, 360]
		]);
	});

	it('centres a last row that is not full', () => {
		const tiles = layoutTiles(
			['a', 'b', 'c'].map((p, i) => track(p, 'video', i, 10)),
			1280,
			720,
			6
		);
		expect(tiles.map((t) => [t.x, t.y])).toEqual([
			[0, 0],
			[640, 0],
			[320, 360]
		]);
	});
});

describe('planComposition', () => {
	const manifest = {
		room: 'r',
		tracks: [
			track('ann', 'audio', 1000, 11_000),
			track('ann', 'video', 1500, 11_000),
			track('bo', 'video', 4000, 12_000),
			track('bo', 'audio', 4000, 12_000)
		]
	};

	it('spans from the first start to the last end, and places every file at its start', () => {
		const plan = planComposition(manifest, '/rec', '/out/x.webm');
		expect(plan.startMs).toBe(1000);
		expect(plan.durationMs).toBe(11_000);
		const { args } = plan;
		// Video inputs first (tile order), then audio; each file once.
		expect(inputsOf(args)).toEqual([
			'/rec/tracks/ann-TR_videocamera.webm',
			'/rec/tracks/bo-TR_videocamera.webm',
			'/rec/tracks/ann-TR_audiomicrophone.webm',
			'/rec/tracks/bo-TR_audiomicrophone.webm'
		]);
		const graph = graphOf(args);
		expect(graph).toContain('color=c=black:s=1280x720:r=25:d=11.000[bg0]');
		expect(graph).toContain('[0:v]setpts=PTS-STARTPTS+0.500/TB');
		expect(graph).toContain('[1:v]setpts=PTS-STARTPTS+3.000/TB');
		expect(graph).toContain('overlay=x=640+(640-w)/2:y=0+(720-h)/2:eof_action=pass');
		expect(graph).toContain('adelay=delays=0:all=1[a0]');
		expect(graph).toContain('adelay=delays=3000:all=1[a1]');
		expect(graph).toContain(
			'[abase][a0][a1]amix=inputs=3:duration=first:dropout_transition=0:normalize=0[aout]'
		);
		expect(args.slice(args.indexOf('-t'), args.indexOf('-t') + 2)).toEqual(['-t', '11.000']);
		expect(args).toEqual(expect.arrayContaining(['libvpx', 'libopus', 'webm']));
		expect(args.at(-1)).toBe('/out/x.webm');
		// A resolution change inside a video file goes through scale, not a graph rebuild.
		expect(args.filter((a, i) => a === '0' && args[i - 1] === '-reinit_filter')).toHaveLength(2);
	});

	it('writes MP4 with H.264 and the native AAC encoder when asked', () => {
		const { args } = planComposition(manifest, '/rec', '/out/x.mp4', { format: 'mp4' });
		expect(args).toEqual(expect.arrayContaining(['libx264', 'aac', '+faststart', 'mp4']));
		expect(args).not.toContain('libvpx');
	});

	it('keeps identities and file names out of the filter graph', () => {
		const hostile = track('x];[0:v]drawtext=text=pwned', 'video', 0, 1000);
		const { args } = planComposition({ room: 'r', tracks: [hostile] }, '/rec', '/out/x.webm');
		expect(graphOf(args)).not.toContain('pwned');
	});

	it('gives black video and silence when there is no video or no audio, and refuses nothing at all', () => {
		const audioOnly = planComposition(
			{ room: 'r', tracks: [track('ann', 'audio', 0, 2000)] },
			'/rec',
			'/o.webm'
		);
		expect(graphOf(audioOnly.args)).toContain('[bg0]format=yuv420p[vout]');
		const videoOnly = planComposition(
			{ room: 'r', tracks: [track('ann', 'video', 0, 2000)] },
			'/rec',
			'/o.webm'
		);
		expect(graphOf(videoOnly.args)).toContain('[abase]amix=inputs=1');
		expect(() => planComposition({ room: 'r', tracks: [] }, '/rec', '/o.webm')).toThrow(
			/nothing was recorded/
		);
	});

	it('takes the thumbnail a tenth of the way in', () => {
		const args = thumbnailArgs('/out/x.webm', 60_000, '/out/x.jpg');
		expect(args.slice(args.indexOf('-ss'), args.indexOf('-ss') + 2)).toEqual(['-ss', '6.000']);
		expect(args.at(-1)).toBe('/out/x.jpg');
	});
});

describe('the recorder manifest', () => {
	const valid = {
		version: 1,
		room: 'r',
		startedAt: 1_700_000_000_000,
		tracks: [track('ann', 'video', 0, 10)]
	};

	it('accepts what the recorder writes, an open track included', () => {
		const open = { ...valid, tracks: [{ ...valid.tracks[0], endMs: null }] };
		expect(RecorderManifestSchema.parse(open).tracks[0].endMs).toBeNull();
	});

	it('refuses files outside tracks/ and other versions', () => {
		for (const file of ['tracks/../../etc/passwd.webm', '/abs.webm', 'tracks/a/b.webm', 'x.webm'])
			expect(
				RecorderManifestSchema.safeParse({ ...valid, tracks: [{ ...valid.tracks[0], file }] })
					.success
			).toBe(false);
		expect(RecorderManifestSchema.safeParse({ ...valid, version: 2 }).success).toBe(false);
	});
});
