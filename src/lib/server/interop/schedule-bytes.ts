import type { Problem } from './import-schedule.ts';

/*
 * A schedule file's bytes as text. schedule.json is UTF-8; a file saved in another encoding is
 * refused with a message that names the encoding, never decoded with characters silently
 * replaced. Used by the command line and by uploads alike.
 */

export const MAX_SCHEDULE_BYTES = 20 * 1024 * 1024;

export type DecodeResult = { ok: true; text: string } | { ok: false; problems: Problem[] };

const SAVE_AS_UTF8 = 'save it as UTF-8';

/**
 * The text of a schedule file, or why it is not UTF-8. A UTF-8 byte order mark is dropped; UTF-16
 * and UTF-32 (with a byte order mark, or ASCII text with NUL bytes between) are refused naming
 * the encoding; bytes that are not UTF-8 are refused naming the first one, its offset and line.
 */
export function decodeScheduleBytes(bytes: Uint8Array): DecodeResult {
	if (bytes.length > MAX_SCHEDULE_BYTES)
		return refuse(`larger than ${MAX_SCHEDULE_BYTES / 1024 / 1024} MB`);
	const wide = wideEncoding(bytes);
	if (wide) return refuse(`the file is ${wide}; ${SAVE_AS_UTF8}`);
	const body = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? bytes.subarray(3) : bytes;
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
	} catch {
		return refuse(notUtf8(bytes, firstInvalidUtf8(bytes)));
	}
	const nul = bytes.indexOf(0);
	if (nul >= 0)
		return refuse(
			`the file has a NUL byte at offset ${nul}, which text has not: it may be UTF-16 or ` +
				`UTF-32 without a byte order mark; ${SAVE_AS_UTF8}`
		);
	return { ok: true, text };
}

const refuse = (message: string): DecodeResult => ({
	ok: false,
	problems: [{ path: '(document)', message }]
});

const startsWith = (bytes: Uint8Array, prefix: number[]) =>
	prefix.length <= bytes.length && prefix.every((b, i) => bytes[i] === b);

/**
 * UTF-32 or UTF-16 by their byte order mark, or by the NUL bytes between the characters of the
 * ASCII text that a JSON file starts with.
 */
function wideEncoding(bytes: Uint8Array): string | undefined {
	if (startsWith(bytes, [0xff, 0xfe, 0, 0])) return 'UTF-32 (little-endian)';
	if (startsWith(bytes, [0, 0, 0xfe, 0xff])) return 'UTF-32 (big-endian)';
	if (startsWith(bytes, [0xff, 0xfe])) return 'UTF-16 (little-endian)';
	if (startsWith(bytes, [0xfe, 0xff])) return 'UTF-16 (big-endian)';
	const sample = [...bytes.subarray(0, Math.min(bytes.length, 64) & ~3)];
	if (sample.length === 0) return undefined;
	const zeroWhere = (at: (i: number) => boolean) =>
		sample.filter((b, i) => at(i) && b === 0).length / sample.filter((_, i) => at(i)).length;
	// A character's high bytes are NUL, its low byte is not (for the ASCII that JSON starts with).
	if (zeroWhere((i) => i % 4 >= 2) === 1 && zeroWhere((i) => i % 4 === 0) < 1)
		return 'UTF-32 (little-endian)';
	if (zeroWhere((i) => i % 4 <= 1) === 1 && zeroWhere((i) => i % 4 === 3) < 1)
		return 'UTF-32 (big-endian)';
	if (zeroWhere((i) => i % 2 === 0) === 0 && zeroWhere((i) => i % 2 === 1) >= 0.5)
		return 'UTF-16 (little-endian)';
	if (zeroWhere((i) => i % 2 === 1) === 0 && zeroWhere((i) => i % 2 === 0) >= 0.5)
		return 'UTF-16 (big-endian)';
	return undefined;
}

/** The offset of the first byte that does not start a valid UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
	let i = 0;
	while (i < bytes.length) {
		const lead = bytes[i];
		if (lead < 0x80) {
			i += 1;
			continue;
		}
		const follow = lead >= 0xf0 ? 3 : lead >= 0xe0 ? 2 : 1;
		if (lead < 0xc2 || lead > 0xf4 || i + follow >= bytes.length) return i;
		// The second byte's range rules out overlong forms, surrogates and code points past U+10FFFF.
		const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
		const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
		if (bytes[i + 1] < low || bytes[i + 1] > high) return i;
		for (let k = 2; k <= follow; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
		i += follow + 1;
	}
	return -1;
}

/** Why bytes are not UTF-8, naming the first bad byte and what it likely is. */
function notUtf8(bytes: Uint8Array, offset: number): string {
	if (offset < 0) return `the file is not UTF-8; ${SAVE_AS_UTF8}`;
	const byte = bytes[offset];
	let line = 1;
	for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line += 1;
	const hex = `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
	const asWindows1252 = new TextDecoder('windows-1252').decode(Uint8Array.of(byte));
	return (
		`the file is not UTF-8: byte ${hex} at offset ${offset} (line ${line}) is not valid ` +
		`UTF-8. It is probably Latin-1 (ISO 8859-1) or Windows-1252, where that byte is ` +
		`${JSON.stringify(asWindows1252)}; ${SAVE_AS_UTF8}`
	);
}
