/** Wall-clock arithmetic in an IANA time zone, with nothing but Intl. */

export interface WallClock {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
}

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

export function wallClock(instant: number, timeZone: string): WallClock {
	const parts = Object.fromEntries(
		formatter(timeZone)
			.formatToParts(instant)
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
export function offsetMinutes(instant: number, timeZone: string): number {
	const w = wallClock(instant, timeZone);
	const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
	return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
}

const two = (n: number) => String(n).padStart(2, '0');

function offsetText(minutes: number): string {
	const sign = minutes < 0 ? '-' : '+';
	const abs = Math.abs(minutes);
	return `${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
}

/** "2022-01-17" */
export function localDate(instant: number, timeZone: string): string {
	const w = wallClock(instant, timeZone);
	return `${String(w.year).padStart(4, '0')}-${two(w.month)}-${two(w.day)}`;
}

/** "18:30" */
export function localTime(instant: number, timeZone: string): string {
	const w = wallClock(instant, timeZone);
	return `${two(w.hour)}:${two(w.minute)}`;
}

/** "2022-01-17T18:30:00+01:00": the instant as the zone's wall clock, with its offset. */
export function isoInZone(instant: number, timeZone: string): string {
	const w = wallClock(instant, timeZone);
	return (
		`${localDate(instant, timeZone)}T${two(w.hour)}:${two(w.minute)}:${two(w.second)}` +
		offsetText(offsetMinutes(instant, timeZone))
	);
}

/** The instant a wall-clock time names in the zone. */
export function instantOfWallClock(w: WallClock, timeZone: string): number {
	const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
	// A second pass settles the offset when the day itself changes offset.
	const guess = asUtc - offsetMinutes(asUtc, timeZone) * 60_000;
	return asUtc - offsetMinutes(guess, timeZone) * 60_000;
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

/** "01:30" for 90 minutes; hours may exceed 24. */
export function formatDuration(ms: number): string {
	const minutes = Math.round(ms / 60_000);
	return `${two(Math.floor(minutes / 60))}:${two(minutes % 60)}`;
}

/** Milliseconds of "HH:MM" or "HH:MM:SS". */
export function parseDuration(text: string): number {
	const [h, m, s = 0] = text.split(':').map(Number);
	return ((h * 60 + m) * 60 + s) * 1000;
}
