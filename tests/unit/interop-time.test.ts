import { describe, expect, it } from 'vitest';
import { eventDays, timeslotMinutes } from '../../src/lib/server/interop/schedule-days.ts';
import {
	formatDuration,
	isoInZone,
	parseDuration,
	startOfLocalDate
} from '../../src/lib/server/interop/zoned-time.ts';

const AMS = 'Europe/Amsterdam';

describe('wall-clock time in a zone', () => {
	it('writes instants with the offset in force, also across daylight saving', () => {
		expect(isoInZone(Date.parse('2022-01-17T17:30:00Z'), AMS)).toBe('2022-01-17T18:30:00+01:00');
		expect(isoInZone(Date.parse('2022-03-27T00:59:00Z'), AMS)).toBe('2022-03-27T01:59:00+01:00');
		expect(isoInZone(Date.parse('2022-03-27T01:00:00Z'), AMS)).toBe('2022-03-27T03:00:00+02:00');
		expect(isoInZone(Date.parse('2022-01-17T17:30:00Z'), 'America/St_Johns')).toBe(
			'2022-01-17T14:00:00-03:30'
		);
	});

	it('finds local midnight, also on the day the clocks change', () => {
		expect(startOfLocalDate('2022-03-27', AMS)).toBe(Date.parse('2022-03-26T23:00:00Z'));
		expect(startOfLocalDate('2022-03-28', AMS)).toBe(Date.parse('2022-03-27T22:00:00Z'));
		expect(startOfLocalDate('2022-10-30', AMS)).toBe(Date.parse('2022-10-29T22:00:00Z'));
	});

	it('writes and reads frab durations', () => {
		expect(formatDuration(90 * 60_000)).toBe('01:30');
		expect(formatDuration(26 * 3_600_000)).toBe('26:00');
		expect(parseDuration('01:30')).toBe(90 * 60_000);
		expect(parseDuration('0:05:30')).toBe(330_000);
	});
});

describe('schedule days', () => {
	it('cuts an event into local calendar days', () => {
		const days = eventDays(
			Date.parse('2022-03-26T18:00:00+01:00'),
			Date.parse('2022-03-28T00:00:00+02:00'),
			AMS
		);
		expect(days.map((d) => [d.date, isoInZone(d.start, AMS), isoInZone(d.end, AMS)])).toEqual([
			['2022-03-26', '2022-03-26T18:00:00+01:00', '2022-03-27T00:00:00+01:00'],
			['2022-03-27', '2022-03-27T00:00:00+01:00', '2022-03-28T00:00:00+02:00']
		]);
	});

	it('derives the timeslot from the session times', () => {
		const at = (t: string) => Date.parse(`2022-01-17T${t}:00+01:00`);
		expect(timeslotMinutes([at('16:00'), at('17:15'), at('18:30')], AMS)).toBe(15);
		expect(timeslotMinutes([at('16:00'), at('17:00')], AMS)).toBe(60);
		expect(timeslotMinutes([at('16:05')], AMS)).toBe(5);
	});
});
