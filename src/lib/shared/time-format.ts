import type { Locale } from './event-schema.ts';

const intlLocale: Record<Locale, string> = { nl: 'nl-NL', en: 'en-GB' };

export function formatTime(instant: string | number, timeZone: string, locale: Locale): string {
	return new Intl.DateTimeFormat(intlLocale[locale], {
		timeZone,
		hour: '2-digit',
		minute: '2-digit',
		hourCycle: 'h23'
	}).format(new Date(instant));
}

export function formatDate(instant: string | number, timeZone: string, locale: Locale): string {
	return new Intl.DateTimeFormat(intlLocale[locale], {
		timeZone,
		weekday: 'long',
		day: 'numeric',
		month: 'long',
		year: 'numeric'
	}).format(new Date(instant));
}

export function formatTimeRange(
	start: string,
	end: string,
	timeZone: string,
	locale: Locale
): string {
	return `${formatTime(start, timeZone, locale)}–${formatTime(end, timeZone, locale)}`;
}

/** Whether two zones show different wall-clock times at this instant. */
export function zonesDiffer(instant: number, a: string, b: string): boolean {
	const f = (timeZone: string) =>
		new Intl.DateTimeFormat('en-GB', {
			timeZone,
			hour: '2-digit',
			minute: '2-digit',
			day: '2-digit',
			hourCycle: 'h23'
		}).format(instant);
	return f(a) !== f(b);
}

/** "1:02:03" or "02:03" for a countdown; never negative. */
export function formatCountdown(ms: number): string {
	const total = Math.max(0, Math.ceil(ms / 1000));
	const h = Math.floor(total / 3600);
	const m = Math.floor((total % 3600) / 60);
	const s = total % 60;
	const two = (n: number) => String(n).padStart(2, '0');
	return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}
