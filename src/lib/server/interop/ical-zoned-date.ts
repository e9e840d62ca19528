import type {
	ICalTemporalInstantStub,
	ICalTemporalPlainDateStub,
	ICalTemporalPlainDateTimeStub,
	ICalTemporalZonedDateTimeStub
} from 'ical-generator';
import { instantOfWallClock, wallClock, type WallClock } from './zoned-time.ts';

/*
 * ical-generator writes a plain Date in the server's own zone, not the calendar's. Handing it a
 * Temporal-shaped zoned date-time (the shape it documents) makes it write the event's wall-clock
 * time with TZID, whatever zone the server runs in.
 */

const two = (n: number) => String(n).padStart(2, '0');

export function zonedDateTime(instant: number, timeZone: string): ICalTemporalZonedDateTimeStub {
	const w = wallClock(instant, timeZone);
	const text = `${plainText(w)}[${timeZone}]`;
	return {
		...w,
		timeZoneId: timeZone,
		toInstant: () => instantStub(instant),
		toPlainDateTime: () => plainDateTime(w),
		withTimeZone: (zone: string) => zonedDateTime(instant, zone),
		toJSON: () => text,
		toString: () => text
	};
}

function instantStub(instant: number): ICalTemporalInstantStub {
	const text = new Date(instant).toISOString();
	return {
		epochMilliseconds: instant,
		toZonedDateTimeISO: (zone: string) => zonedDateTime(instant, zone),
		toJSON: () => text,
		toString: () => text
	};
}

function plainDateTime(w: WallClock): ICalTemporalPlainDateTimeStub {
	const text = plainText(w);
	return {
		...w,
		toPlainDate: () => plainDate(w),
		toZonedDateTime: (zone: string) => zonedDateTime(instantOfWallClock(w, zone), zone),
		toJSON: () => text,
		toString: () => text
	};
}

function plainDate(w: WallClock): ICalTemporalPlainDateStub {
	const text = plainText(w).slice(0, 10);
	return { year: w.year, month: w.month, day: w.day, toJSON: () => text, toString: () => text };
}

function plainText(w: WallClock): string {
	return (
		`${String(w.year).padStart(4, '0')}-${two(w.month)}-${two(w.day)}` +
		`T${two(w.hour)}:${two(w.minute)}:${two(w.second)}`
	);
}
