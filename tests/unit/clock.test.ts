import { describe, expect, it } from 'vitest';
import { createClock, demoInstant, ProgrammeClock } from '../../src/lib/server/clock.ts';
import { loadEventFile } from '../../src/lib/server/event-file.ts';

const event = await loadEventFile('events/cooperatieven-maken-de-stad/event.yaml');
const REAL_NOW = Date.parse('2026-11-23T15:00:00Z');

describe('the programme clock', () => {
	it('runs at real speed from the instant it was set to', () => {
		let real = REAL_NOW;
		const clock = new ProgrammeClock(REAL_NOW + 1000, 1, () => real);
		expect(clock.now()).toBe(REAL_NOW + 1000);
		real += 60_000;
		expect(clock.now()).toBe(REAL_NOW + 61_000);
	});

	it('runs a rehearsal at its speed, and a jump keeps the speed', () => {
		let real = REAL_NOW;
		const start = Date.parse('2022-01-17T17:10:00+01:00');
		const clock = new ProgrammeClock(start, 60, () => real);
		real += 1000;
		expect(clock.now()).toBe(start + 60_000);
		clock.jumpTo(Date.parse('2022-01-17T19:00:00+01:00'));
		real += 30_000;
		expect(clock.now()).toBe(Date.parse('2022-01-17T19:30:00+01:00'));
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

	it('is one clock on every node that was given the same start, speed and since', () => {
		const settings = {
			mode: 'demo' as const,
			startAt: '2022-01-17T15:55:00+01:00',
			speed: 60,
			since: '2026-11-23T15:00:00Z',
			demoOffsetMinutes: 5
		};
		// Node A starts at `since`, node B 90 s later, and node A restarts 95 s after `since`.
		let real = REAL_NOW;
		const nodeA = createClock(settings, event, () => real);
		real += 90_000;
		const nodeB = createClock(settings, event, () => real);
		real += 5_000;
		const restartedA = createClock(settings, event, () => real);
		real += 5_000;
		// 100 real seconds at 60× after 15:55 is 100 minutes later: 17:35 in Amsterdam.
		for (const clock of [nodeA, nodeB, restartedA])
			expect(clock.now()).toBe(Date.parse('2022-01-17T17:35:00+01:00'));
	});
});
