import { join } from 'node:path';
import type { RecorderManifest, RecorderTrack } from './manifest.ts';

/**
 * The pure half of the composition: which tracks go where, and the ffmpeg arguments that put
 * them there. compose.ts runs them.
 *
 * Layout: every (participant, source) with video gets a tile, screen shares first, then by the
 * time they first appeared; 1 tile fills the frame, 2 sit side by side, 3–4 make a 2×2 grid,
 * 5–6 a 3×2 grid. Tiles after the sixth are left out. A video keeps its aspect ratio inside its
 * tile (black bars), and a tile is black while its track is muted or absent.
 * Time: the output starts at the first track's start and ends at the last track's end; each
 * track file is placed at its startMs, gaps are black or silent, all audio is summed (amix
 * with normalize=0, so one speaker is as loud as in the room).
 */

export type ComposeFormat = 'webm' | 'mp4';

export interface ComposeOptions {
	format?: ComposeFormat;
	width?: number;
	height?: number;
	fps?: number;
	/** Video bitrate in kbit/s (WebM; MP4 uses CRF 23 capped at twice this). */
	videoKbps?: number;
	maxTiles?: number;
}

/** A track whose end is known (compose.ts finds it for files the recorder never closed). */
export type PlacedTrack = RecorderTrack & { endMs: number };

export interface Tile {
	identity: string;
	source: string;
	x: number;
	y: number;
	width: number;
	height: number;
	tracks: PlacedTrack[];
}

export interface CompositionPlan {
	/** ffmpeg arguments, after the program name. */
	args: string[];
	/** Where the output starts, in ms since the manifest's startedAt. */
	startMs: number;
	durationMs: number;
	tiles: Tile[];
}

export const DEFAULTS = {
	format: 'webm',
	width: 1280,
	height: 720,
	fps: 25,
	videoKbps: 1500,
	maxTiles: 6
} as const satisfies Required<ComposeOptions>;

/** Columns × rows for n tiles. */
export function grid(n: number): { cols: number; rows: number } {
	if (n <= 1) return { cols: 1, rows: 1 };
	if (n === 2) return { cols: 2, rows: 1 };
	if (n <= 4) return { cols: 2, rows: 2 };
	return { cols: 3, rows: 2 };
}

const even = (n: number) => Math.floor(n / 2) * 2;

/** The tiles, in order, with their place on a width × height canvas. */
export function layoutTiles(
	tracks: PlacedTrack[],
	width: number,
	height: number,
	maxTiles: number
): Tile[] {
	const groups = new Map<string, PlacedTrack[]>();
	for (const track of tracks) {
		if (track.kind !== 'video') continue;
		const key = JSON.stringify([track.identity, track.source]);
		groups.set(key, [...(groups.get(key) ?? []), track]);
	}
	const first = (list: PlacedTrack[]) => Math.min(...list.map((t) => t.startMs));
	const chosen = [...groups.values()]
		.sort(
			(a, b) =>
				Number(b[0].source === 'screen_share') - Number(a[0].source === 'screen_share') ||
				first(a) - first(b) ||
				a[0].identity.localeCompare(b[0].identity)
		)
		.slice(0, maxTiles);
	const { cols, rows } = grid(chosen.length);
	const cellW = even(width / cols);
	const cellH = even(height / rows);
	// A last row with fewer tiles is centred.
	return chosen.map((list, i) => {
		const row = Math.floor(i / cols);
		const inRow = Math.min(cols, chosen.length - row * cols);
		const rowX = (width - inRow * cellW) / 2;
		return {
			identity: list[0].identity,
			source: list[0].source,
			x: even(rowX + (i % cols) * cellW),
			y: even((height - rows * cellH) / 2 + row * cellH),
			width: cellW,
			height: cellH,
			tracks: [...list].sort((a, b) => a.startMs - b.startMs)
		};
	});
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/**
 * The ffmpeg arguments that compose `tracks` (files relative to `trackDir`) into `output`.
 * Every track file is one input; identities and file names never enter the filter graph.
 */
export function planComposition(
	manifest: Pick<RecorderManifest, 'room'> & { tracks: PlacedTrack[] },
	trackDir: string,
	output: string,
	options: ComposeOptions = {}
): CompositionPlan {
	const o = { ...DEFAULTS, ...options };
	const tracks = manifest.tracks.filter((t) => t.endMs > t.startMs);
	if (tracks.length === 0) throw new Error(`nothing was recorded in room ${manifest.room}`);
	const startMs = Math.min(...tracks.map((t) => t.startMs));
	const durationMs = Math.max(...tracks.map((t) => t.endMs)) - startMs;
	const tiles = layoutTiles(tracks, o.width, o.height, o.maxTiles);
	const audio = tracks.filter((t) => t.kind === 'audio').sort((a, b) => a.startMs - b.startMs);

	const inputs: string[] = [];
	const filters: string[] = [];
	const input = (track: PlacedTrack) => {
		// -reinit_filter 0: a resolution change inside a file (simulcast layer switch, camera
		// change) goes through scale, instead of rebuilding the graph and restarting its clocks.
		if (track.kind === 'video') inputs.push('-reinit_filter', '0');
		inputs.push('-i', join(trackDir, track.file));
		return inputs.filter((a) => a === '-i').length - 1;
	};

	const duration = seconds(durationMs);
	filters.push(`color=c=black:s=${o.width}x${o.height}:r=${o.fps}:d=${duration}[bg0]`);
	let layer = 0;
	for (const tile of tiles) {
		for (const track of tile.tracks) {
			const n = input(track);
			const v = `v${layer}`;
			filters.push(
				`[${n}:v]setpts=PTS-STARTPTS+${seconds(track.startMs - startMs)}/TB,` +
					`scale=${tile.width}:${tile.height}:force_original_aspect_ratio=decrease:force_divisible_by=2,setsar=1[${v}]`,
				`[bg${layer}][${v}]overlay=x=${tile.x}+(${tile.width}-w)/2:y=${tile.y}+(${tile.height}-h)/2` +
					`:eof_action=pass:eval=frame[bg${layer + 1}]`
			);
			layer++;
		}
	}
	filters.push(`[bg${layer}]format=yuv420p[vout]`);

	filters.push(`anullsrc=r=48000:cl=stereo,atrim=duration=${duration}[abase]`);
	const mixed = audio.map((track, i) => {
		const n = input(track);
		// async=1 fills the gaps Opus DTX and packet loss leave with silence; adelay places the
		// file in the room's time, producing its silence bit by bit.
		filters.push(
			`[${n}:a]asetpts=PTS-STARTPTS,aresample=48000:async=1:first_pts=0,` +
				`aformat=sample_fmts=fltp:channel_layouts=stereo,` +
				`adelay=delays=${track.startMs - startMs}:all=1[a${i}]`
		);
		return `[a${i}]`;
	});
	filters.push(
		`[abase]${mixed.join('')}amix=inputs=${mixed.length + 1}:duration=first:dropout_transition=0:normalize=0[aout]`
	);

	const gop = String(o.fps * 5);
	const codecs =
		o.format === 'mp4'
			? [
					...['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23'],
					...['-maxrate', `${o.videoKbps * 2}k`, '-bufsize', `${o.videoKbps * 4}k`, '-g', gop],
					...['-c:a', 'aac', '-b:a', '128k', '-movflags', '+faststart', '-f', 'mp4']
				]
			: [
					// The fastest realtime speed: a third of the CPU of -cpu-used 8 here, for an SSIM of
					// 0.980 instead of 0.983 on 720p at 1.5 Mbit/s.
					...['-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '16'],
					...['-b:v', `${o.videoKbps}k`, '-g', gop, '-threads', '2'],
					...['-c:a', 'libopus', '-b:a', '96k', '-f', 'webm']
				];
	const args = [
		...['-hide_banner', '-nostdin', '-y', '-loglevel', 'error'],
		...inputs,
		...['-filter_complex', filters.join(';')],
		...['-map', '[vout]', '-map', '[aout]', '-t', duration],
		...codecs,
		output
	];
	return { args, startMs, durationMs, tiles };
}

/** ffmpeg arguments for a 320-pixel-wide JPEG of the frame at 10% of the video. */
export function thumbnailArgs(video: string, durationMs: number, output: string): string[] {
	return [
		...['-hide_banner', '-nostdin', '-y', '-loglevel', 'error'],
		...['-ss', seconds(durationMs * 0.1), '-i', video],
		...['-frames:v', '1', '-vf', 'scale=320:-2', '-q:v', '4', '-f', 'image2', output]
	];
}
