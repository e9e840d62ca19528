import { describe, expect, it } from 'vitest';
import { createClock, demoInstant, OffsetClock } from '../../src/lib/server/clock.ts';
import { loadEventFile } from '../../src/lib/server/event-file.ts';

const event = await loadEventFile('events/cooperatieven-maken-de-stad/event.yaml');
const REAL_NOW = Date.parse('2026-11-23T15:00:00Z');

describe('the programme clock', () => {
	it('runs at real speed from its offset', () => {
		let real = REAL_NOW;
		const clock = new OffsetClock(1000, () => real);
		expect(clock.now()).toBe(REAL_NOW + 1000);
		real += 60_000;
		expect(clock.now()).toBe(REAL_NOW + 61_000);
	});

	it('in demo mode starts a few minutes into break-out round I', () => {
		const clock = createClock({ mode: 'demo', demoOffsetMinutes: 5 }, event, () => REAL_NOW);
		expect(new Date(clock.now()).toISOString()).toBe('2022-01-17T16:20:00.000Z'); // 17:20 in Amsterdam
		expect(demoInstant(event, 0)).toBe(Date.parse('2022-01-17T17:15:00+01:00'));
	});

	it('starts at a fixed instant when one is given, whatever the mode', () => {
		for (const mode of ['demo', 'real'] as const) {
			const clock = createClock(
				{ mode, startAt: '2022-01-17T18:29:00+01:00', demoOffsetMinutes: 5 },
				event,
				() => REAL_NOW
			);
			expect(clock.now()).toBe(Date.parse('2022-01-17T17:29:00Z'));
		}
	});

	it('in real mode is the machine clock', () => {
		const clock = createClock({ mode: 'real', demoOffsetMinutes: 5 }, event, () => REAL_NOW);
		expect(clock.now()).toBe(REAL_NOW);
	});
});
