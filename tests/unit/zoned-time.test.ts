import { describe, expect, it } from 'vitest';
import {
	formatCountdown,
	formatDate,
	formatDuration,
	formatPosition,
	instantOnDayOf,
	isoInZone,
	localDate,
	localTime,
	localTimeRange,
	parseDuration,
	startOfLocalDate,
	zonesDiffer
} from '../../src/lib/shared/zoned-time.ts';

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

	it('reads and writes the time of day in the zone', () => {
		const instant = Date.parse('2022-07-01T10:00:05Z');
		expect(localTime(instant, AMS)).toBe('12:00');
		expect(localTime(instant, AMS, { seconds: true })).toBe('12:00:05');
		expect(localTime('2022-01-17T23:30:00Z', AMS)).toBe('00:30');
		expect(localDate('2022-01-17T23:30:00Z', AMS)).toBe('2022-01-18');
		expect(localTimeRange('2022-01-17T16:00:00+01:00', '2022-01-17T17:15:00+01:00', AMS)).toBe(
			'16:00–17:15'
		);
		expect(instantOnDayOf(Date.parse('2022-01-17T17:15:00+01:00'), '17:20:05', AMS)).toBe(
			Date.parse('2022-01-17T17:20:05+01:00')
		);
		expect(instantOnDayOf(Date.parse('2022-03-27T12:00:00+02:00'), '01:30', AMS)).toBe(
			Date.parse('2022-03-27T01:30:00+01:00')
		);
	});

	it('tells when a viewer sees another wall-clock time', () => {
		const at = Date.parse('2022-01-17T16:00:00+01:00');
		expect(zonesDiffer(at, AMS, 'Europe/Paris')).toBe(false);
		expect(zonesDiffer(at, AMS, 'America/New_York')).toBe(true);
	});

	it("writes dates in the reader's language", () => {
		// Late in the evening in UTC is the next day in Amsterdam.
		expect(formatDate('2022-01-17T23:30:00Z', AMS, 'nl')).toMatch(/^dinsdag 18 januari 2022$/);
		expect(formatDate('2022-01-17T23:30:00Z', AMS, 'en')).toMatch(/^Tuesday,? 18 January 2022$/);
	});

	it('formats countdowns and video positions', () => {
		expect(formatCountdown(65_000)).toBe('01:05');
		expect(formatCountdown(64_001)).toBe('01:05');
		expect(formatCountdown(3_725_000)).toBe('1:02:05');
		expect(formatCountdown(-5)).toBe('00:00');
		expect(formatPosition(65_999)).toBe('1:05');
		expect(formatPosition(3_725_000)).toBe('1:02:05');
		expect(formatPosition(-5)).toBe('0:00');
	});

	it('writes and reads frab durations', () => {
		expect(formatDuration(90 * 60_000)).toBe('01:30');
		expect(formatDuration(26 * 3_600_000)).toBe('26:00');
		expect(parseDuration('01:30')).toBe(90 * 60_000);
		expect(parseDuration('0:05:30')).toBe(330_000);
	});
});
