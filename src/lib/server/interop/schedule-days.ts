import { localDate, nextDate, startOfLocalDate } from '../../shared/zoned-time.ts';

export interface DayRange {
	/** Local calendar date, "2022-01-17". */
	date: string;
	/** First and last instant of the event on that date (ms). */
	start: number;
	end: number;
}

/** The local calendar dates an event spans, each cut to the event's own start and end. */
export function eventDays(start: number, end: number, timeZone: string): DayRange[] {
	const days: DayRange[] = [];
	const last = localDate(end - 1, timeZone);
	for (let date = localDate(start, timeZone); ; date = nextDate(date)) {
		const dayStart = Math.max(start, startOfLocalDate(date, timeZone));
		const dayEnd = Math.min(end, startOfLocalDate(nextDate(date), timeZone));
		days.push({ date, start: dayStart, end: dayEnd });
		if (date >= last || days.length > 1_000) break;
	}
	return days;
}

/** Greatest common divisor of the local start and end minutes, at most an hour. */
export function timeslotMinutes(instants: number[], timeZone: string): number {
	const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
	return (
		instants.reduce((acc, instant) => {
			const minutes = Math.round(
				(instant - startOfLocalDate(localDate(instant, timeZone), timeZone)) / 60_000
			);
			return gcd(acc, minutes);
		}, 60) || 60
	);
}
