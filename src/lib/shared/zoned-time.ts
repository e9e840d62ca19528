import type { Locale } from './event-schema.ts';

/*
 * Times in an IANA time zone, with nothing but Intl: instants to and from the zone's wall clock,
 * ISO 8601 with the offset in force, and every way Plenair writes a time, a date or a duration.
 * Instants are milliseconds, or ISO strings as the event file writes them.
 */

export interface WallClock {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
}

type Instant = number | string;
const ms = (instant: Instant) => (typeof instant === 'string' ? Date.parse(instant) : instant);

/** "07": every two-digit field Plenair writes. */
export const twoDigits = (n: number) => String(n).padStart(2, '0');

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
	let f = formatters.get(timeZone);
	if (!f) {
		f = new Intl.DateTimeFormat('en-GB', {
			timeZone,
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
			hourCycle: 'h23'
		});
		formatters.set(timeZone, f);
	}
	return f;
}

export function wallClock(instant: Instant, timeZone: string): WallClock {
	const parts = Object.fromEntries(
		formatter(timeZone)
			.formatToParts(ms(instant))
			.filter((p) => p.type !== 'literal')
			.map((p) => [p.type, Number(p.value)])
	);
	return {
		year: parts.year,
		month: parts.month,
		day: parts.day,
		hour: parts.hour,
		minute: parts.minute,
		second: parts.second
	};
}

/** Minutes the zone is ahead of UTC at this instant. */
export function offsetMinutes(instant: Instant, timeZone: string): number {
	const w = wallClock(instant, timeZone);
	const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
	return Math.round((asUtc - Math.floor(ms(instant) / 1000) * 1000) / 60_000);
}

/** Whether two zones show different wall-clock times at this instant. */
export function zonesDiffer(instant: Instant, a: string, b: string): boolean {
	return offsetMinutes(instant, a) !== offsetMinutes(instant, b);
}

/** The instant a wall-clock time names in the zone. */
export function instantOfWallClock(w: WallClock, timeZone: string): number {
	const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
	// A second pass settles the offset when the day itself changes offset.
	const guess = asUtc - offsetMinutes(asUtc, timeZone) * 60_000;
	return asUtc - offsetMinutes(guess, timeZone) * 60_000;
}

/** The instant of a wall-clock time ("17:20" or "17:20:05") on the local date of `dayOf`. */
export function instantOnDayOf(dayOf: Instant, time: string, timeZone: string): number {
	const [hour, minute, second = 0] = time.split(':').map(Number);
	return instantOfWallClock({ ...wallClock(dayOf, timeZone), hour, minute, second }, timeZone);
}

/** The first instant of a local calendar date ("2022-01-17") in the zone. */
export function startOfLocalDate(date: string, timeZone: string): number {
	const [year, month, day] = date.split('-').map(Number);
	return instantOfWallClock({ year, month, day, hour: 0, minute: 0, second: 0 }, timeZone);
}

/** The local calendar date after this one. */
export function nextDate(date: string): string {
	const [year, month, day] = date.split('-').map(Number);
	return new Date(Date.UTC(year, month - 1, day + 1)).toISOString().slice(0, 10);
}

/** "2022-01-17T18:30:05" */
export function wallClockText(w: WallClock): string {
	return (
		`${String(w.year).padStart(4, '0')}-${twoDigits(w.month)}-${twoDigits(w.day)}` +
		`T${twoDigits(w.hour)}:${twoDigits(w.minute)}:${twoDigits(w.second)}`
	);
}

/** "2022-01-17" */
export function localDate(instant: Instant, timeZone: string): string {
	return wallClockText(wallClock(instant, timeZone)).slice(0, 10);
}

/**
 * "18:30", or "18:30:05" with seconds: the time of day in the zone, as both languages write it.
 */
export function localTime(
	instant: Instant,
	timeZone: string,
	{ seconds = false }: { seconds?: boolean } = {}
): string {
	return wallClockText(wallClock(instant, timeZone)).slice(11, seconds ? 19 : 16);
}

/** "16:00–17:15" */
export function localTimeRange(start: Instant, end: Instant, timeZone: string): string {
	return `${localTime(start, timeZone)}–${localTime(end, timeZone)}`;
}

/** "2022-01-17T18:30:00+01:00": the instant as the zone's wall clock, with its offset. */
export function isoInZone(instant: Instant, timeZone: string): string {
	const offset = offsetMinutes(instant, timeZone);
	const abs = Math.abs(offset);
	return (
		wallClockText(wallClock(instant, timeZone)) +
		`${offset < 0 ? '-' : '+'}${twoDigits(Math.floor(abs / 60))}:${twoDigits(abs % 60)}`
	);
}

const intlLocale: Record<Locale, string> = { nl: 'nl-NL', en: 'en-GB' };

/** "maandag 17 januari 2022": the date in the reader's language. */
export function formatDate(instant: Instant, timeZone: string, locale: Locale): string {
	return new Intl.DateTimeFormat(intlLocale[locale], {
		timeZone,
		weekday: 'long',
		day: 'numeric',
		month: 'long',
		year: 'numeric'
	}).format(ms(instant));
}

/**
 * "17 jan 2022 18:30": a moment (a tip, an invite's expiry) in the reader's language, on the
 * event's clock. The zone is required: without it the server would write UTC and the browser its
 * own zone.
 */
export function formatDateTime(instant: Instant, locale: Locale, timeZone: string): string {
	return new Intl.DateTimeFormat(intlLocale[locale], {
		timeZone,
		dateStyle: 'medium',
		timeStyle: 'short'
	}).format(ms(instant));
}

/** "1:02:03", or under an hour "02:03" (`padMinutes`) or "2:03". */
function clock(seconds: number, padMinutes: boolean): string {
	const h = Math.floor(seconds / 3600);
	const m = Math.floor((seconds % 3600) / 60);
	const s = twoDigits(seconds % 60);
	if (h > 0) return `${h}:${twoDigits(m)}:${s}`;
	return `${padMinutes ? twoDigits(m) : m}:${s}`;
}

/** "1:02:03" or "02:03" for a countdown, rounded up; never negative. */
export const formatCountdown = (ms: number) => clock(Math.max(0, Math.ceil(ms / 1000)), true);

/** "1:02:03" or "2:03" for a position in a video. */
export const formatPosition = (ms: number) => clock(Math.max(0, Math.floor(ms / 1000)), false);

/** "01:30" for 90 minutes (frab durations); hours may exceed 24. */
export function formatDuration(ms: number): string {
	const minutes = Math.round(ms / 60_000);
	return `${twoDigits(Math.floor(minutes / 60))}:${twoDigits(minutes % 60)}`;
}

/** Milliseconds of "HH:MM" or "HH:MM:SS". */
export function parseDuration(text: string): number {
	const [h, m, s = 0] = text.split(':').map(Number);
	return ((h * 60 + m) * 60 + s) * 1000;
}
