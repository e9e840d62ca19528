import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/* What a composed recording holds, read with ffprobe and ffmpeg (never from file names). */

const run = promisify(execFile);

export async function probe(file: string) {
	const { stdout } = await run('ffprobe', [
		...['-v', 'error', '-show_entries', 'stream=codec_type,codec_name:format=duration'],
		...['-of', 'json', file]
	]);
	return JSON.parse(stdout) as {
		streams: { codec_type: string; codec_name: string }[];
		format: { duration: string };
	};
}

/**
 * The colour of a video's left and right halves at `atS` seconds, averaged over the rows `crop`
 * keeps (ffmpeg crop w:h:x:y; by default the middle third): 'red', 'blue', or the RGB seen.
 * RGB before scaling, so that the two halves do not share their chroma.
 */
export async function halfColours(
	file: string,
	atS: number,
	crop = 'iw:ih/3:0:ih/3'
): Promise<[string, string]> {
	const { stdout } = await run(
		'ffmpeg',
		[
			...['-v', 'error', '-ss', String(atS), '-i', file, '-frames:v', '1'],
			...['-vf', `crop=${crop},format=rgb24,scale=2:1:flags=area`, '-f', 'rawvideo', '-']
		],
		{ encoding: 'buffer' }
	);
	const colour = (r: number, g: number, b: number) =>
		r > 150 && g < 80 && b < 80
			? 'red'
			: b > 150 && r < 80 && g < 80
				? 'blue'
				: `rgb(${r},${g},${b})`;
	return [colour(stdout[0], stdout[1], stdout[2]), colour(stdout[3], stdout[4], stdout[5])];
}
