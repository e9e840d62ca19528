import { twoDigits } from '../zoned-time.ts';
import type { Chapter, VideoType } from './schema.ts';

/** The container of a video by its first bytes, never by its name: WebM/Matroska, MP4, Ogg. */
export function sniffVideoType(head: Uint8Array): VideoType | undefined {
	if (
		head.length >= 4 &&
		head[0] === 0x1a &&
		head[1] === 0x45 &&
		head[2] === 0xdf &&
		head[3] === 0xa3
	)
		return 'video/webm';
	if (head.length >= 8 && ascii(head, 4, 8) === 'ftyp') return 'video/mp4';
	if (head.length >= 4 && ascii(head, 0, 4) === 'OggS') return 'video/ogg';
	return undefined;
}

/** A WebVTT file starts with "WEBVTT" (after an optional byte order mark), then space or a line end. */
export function isWebVtt(text: string): boolean {
	return /^\uFEFF?WEBVTT([ \t\r\n]|$)/.test(text);
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
	return String.fromCharCode(...bytes.subarray(from, to));
}

export type ByteRange = { start: number; end: number };

/**
 * One byte range of an HTTP Range header (RFC 9110 §14.1.2), against a file of `size` bytes.
 * undefined: no usable header (answer 200 with everything); 'unsatisfiable': answer 416.
 * Several ranges are answered with the first only, as most servers do for video.
 */
export function parseRange(
	header: string | null,
	size: number
): ByteRange | 'unsatisfiable' | undefined {
	if (!header) return undefined;
	const match = /^bytes=\s*(\d*)-(\d*)\s*(?:,.*)?$/.exec(header.trim());
	if (!match) return undefined;
	const [, from, to] = match;
	if (from === '' && to === '') return undefined;
	if (from === '') {
		const suffix = Number(to);
		if (suffix === 0 || size === 0) return 'unsatisfiable';
		return { start: Math.max(0, size - suffix), end: size - 1 };
	}
	const start = Number(from);
	if (start >= size) return 'unsatisfiable';
	const end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
	if (end < start) return 'unsatisfiable';
	return { start, end };
}

function vttTime(ms: number): string {
	const total = Math.max(0, Math.round(ms));
	const h = Math.floor(total / 3_600_000);
	const m = Math.floor((total % 3_600_000) / 60_000);
	const s = Math.floor((total % 60_000) / 1000);
	const rest = total % 1000;
	return `${twoDigits(h)}:${twoDigits(m)}:${twoDigits(s)}.${String(rest).padStart(3, '0')}`;
}

/** A WebVTT chapters track: each chapter lasts until the next one (the last until the end). */
export function chaptersVtt(chapters: Chapter[], durationMs: number): string {
	const sorted = [...chapters].sort((a, b) => a.atMs - b.atMs);
	const cues = sorted.map((chapter, i) => {
		const end = Math.max(sorted[i + 1]?.atMs ?? durationMs, chapter.atMs + 1);
		const title = chapter.title.replace(/-->/g, '→').replace(/[\r\n]+/g, ' ');
		return `${i + 1}\n${vttTime(chapter.atMs)} --> ${vttTime(end)}\n${title}`;
	});
	return ['WEBVTT', ...cues].join('\n\n') + '\n';
}

export interface ReplayLine {
	id: string;
	name: string;
	text: string;
	/** Position in the video (ms) at which the message was sent. */
	atMs: number;
}

/** Chat messages placed on the video's timeline: sent within it, oldest first, deleted ones out. */
export function replayLines(
	messages: { id: string; name: string; text: string; at: number; deleted: boolean }[],
	recordedFrom: number,
	durationMs: number | undefined
): ReplayLine[] {
	return messages
		.filter((m) => !m.deleted)
		.map((m) => ({ id: m.id, name: m.name, text: m.text, atMs: m.at - recordedFrom }))
		.filter((l) => l.atMs >= 0 && (durationMs === undefined || l.atMs <= durationMs))
		.sort((a, b) => a.atMs - b.atMs);
}

/** The lines to show at a position: everything sent up to it. */
export function linesUntil(lines: ReplayLine[], positionMs: number): ReplayLine[] {
	let count = 0;
	while (count < lines.length && lines[count].atMs <= positionMs) count++;
	return lines.slice(0, count);
}

/** Case- and accent-insensitive match of a query against some texts. */
export function matchesQuery(query: string, texts: string[]): boolean {
	const fold = (s: string) =>
		s
			.normalize('NFD')
			.replace(/\p{Diacritic}/gu, '')
			.toLowerCase();
	const words = fold(query).split(/\s+/).filter(Boolean);
	const haystack = fold(texts.join(' '));
	return words.every((w) => haystack.includes(w));
}

/** A size for people: "4 GB", "20 MB", "512 kB" (binary multiples, as the limits are set). */
export function formatBytes(bytes: number): string {
	for (const [unit, size] of [
		['GB', 1024 ** 3],
		['MB', 1024 ** 2],
		['kB', 1024]
	] as const)
		if (bytes >= size) return `${Math.round((bytes / size) * 10) / 10} ${unit}`;
	return `${bytes} B`;
}
