import { describe, expect, it } from 'vitest';
import {
	chaptersVtt,
	isWebVtt,
	linesUntil,
	parseRange,
	replayLines,
	sniffVideoType
} from '../../src/lib/shared/recordings/logic.ts';
import { ExternalVideoUrlSchema } from '../../src/lib/shared/recordings/schema.ts';

describe('recordings logic', () => {
	it('sniffs containers by content', () => {
		expect(sniffVideoType(new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 0, 0, 0, 0, 0, 0, 0, 0]))).toBe(
			'video/webm'
		);
		expect(sniffVideoType(new TextEncoder().encode('\0\0\0\x18ftypmp42'))).toBe('video/mp4');
		expect(sniffVideoType(new TextEncoder().encode('OggS\0\x02........'))).toBe('video/ogg');
		expect(sniffVideoType(new TextEncoder().encode('<html>webm</html>'))).toBeUndefined();
	});

	it('parses ranges', () => {
		expect(parseRange(null, 100)).toBeUndefined();
		expect(parseRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 });
		expect(parseRange('bytes=90-', 100)).toEqual({ start: 90, end: 99 });
		expect(parseRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
		expect(parseRange('bytes=50-500', 100)).toEqual({ start: 50, end: 99 });
		expect(parseRange('bytes=100-', 100)).toBe('unsatisfiable');
		expect(parseRange('bytes=9-3', 100)).toBe('unsatisfiable');
		expect(parseRange('items=0-1', 100)).toBeUndefined();
	});

	it('writes a chapters track and checks WebVTT headers', () => {
		const vtt = chaptersVtt(
			[
				{ title: 'B', atMs: 4000 },
				{ title: 'A', atMs: 0 }
			],
			6000
		);
		expect(vtt).toBe(
			'WEBVTT\n\n1\n00:00:00.000 --> 00:00:04.000\nA\n\n2\n00:00:04.000 --> 00:00:06.000\nB\n'
		);
		expect(isWebVtt(vtt)).toBe(true);
		expect(isWebVtt('\uFEFFWEBVTT\n')).toBe(true);
		expect(isWebVtt('WEBVTTX')).toBe(false);
	});

	it('places chat on the video timeline', () => {
		const msg = (id: string, at: number, deleted = false) => ({
			id,
			name: 'n',
			text: id,
			at,
			deleted
		});
		const lines = replayLines(
			[msg('late', 9000), msg('a', 2000), msg('gone', 2500, true), msg('early', 500)],
			1000,
			5000
		);
		expect(lines.map((l) => [l.id, l.atMs])).toEqual([['a', 1000]]);
		expect(linesUntil(lines, 999)).toHaveLength(0);
		expect(linesUntil(lines, 1000)).toHaveLength(1);
	});

	it('accepts only video pages of known hosts', () => {
		const ok = (u: string) => ExternalVideoUrlSchema.safeParse(u).success;
		expect(ok('https://www.youtube.com/watch?v=abc123')).toBe(true);
		expect(ok('https://vimeo.com/123456')).toBe(true);
		expect(ok('https://peertube.example/w/9c9de5e8')).toBe(true);
		expect(ok('http://vimeo.com/123456')).toBe(false);
		expect(ok('https://example.org/')).toBe(false);
	});
});
