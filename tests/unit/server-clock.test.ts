import { afterEach, describe, expect, it, vi } from 'vitest';
import { ServerClock } from '../../src/lib/client/server-clock.svelte.ts';

/** The browser's own clock, moved by hand; it is wrong by hours, as a laptop's may be. */
function localClock(start = Date.parse('2030-05-01T08:00:00Z')) {
	let now = start;
	return {
		read: () => now,
		advance: (ms: number) => void (now += ms)
	};
}

const SERVER_NOW = Date.parse('2022-01-17T17:20:00Z');

afterEach(() => vi.useRealTimers());

describe('ServerClock', () => {
	it('shows the server’s time, not the browser’s, and runs on with the browser’s clock', () => {
		const local = localClock();
		const clock = new ServerClock(SERVER_NOW, local.read);
		expect(clock.now).toBe(Date.parse('2022-01-17T17:20:00Z'));
		local.advance(90_000);
		expect(clock.now).toBe(Date.parse('2022-01-17T17:20:00Z'));
		clock.tick();
		expect(clock.now).toBe(Date.parse('2022-01-17T17:21:30Z'));
	});

	it('a sync re-bases on the server’s reading plus half the round trip', () => {
		const local = localClock();
		const clock = new ServerClock(SERVER_NOW, local.read);
		local.advance(10_000);
		// The server says it is 17:45:00; the answer took 400 ms there and back.
		clock.sync(Date.parse('2022-01-17T17:45:00Z'), 400);
		expect(clock.now).toBe(Date.parse('2022-01-17T17:45:00.200Z'));
		local.advance(1_000);
		clock.tick();
		expect(clock.now).toBe(Date.parse('2022-01-17T17:45:01.200Z'));
	});

	it('a moved server clock (rehearsal) moves the page’s clock back too', () => {
		const local = localClock();
		const clock = new ServerClock(SERVER_NOW, local.read);
		clock.sync(Date.parse('2022-01-17T16:00:00Z'));
		expect(clock.now).toBe(Date.parse('2022-01-17T16:00:00Z'));
	});

	it('runs a rehearsal at the server’s speed', () => {
		const local = localClock();
		const clock = new ServerClock(SERVER_NOW, local.read);
		// 60×: an hour of programme in a minute; the round trip counts at that speed too.
		clock.sync(Date.parse('2022-01-17T17:00:00Z'), 200, 60);
		expect(clock.now).toBe(Date.parse('2022-01-17T17:00:06Z'));
		local.advance(60_000);
		clock.tick();
		expect(clock.now).toBe(Date.parse('2022-01-17T18:00:06Z'));
		// A later sync without a speed keeps it.
		clock.sync(Date.parse('2022-01-17T19:00:00Z'));
		local.advance(1000);
		clock.tick();
		expect(clock.now).toBe(Date.parse('2022-01-17T19:01:00Z'));
	});

	it('ticks every second once started, and stops when told', () => {
		vi.useFakeTimers({ now: Date.parse('2030-05-01T08:00:00Z') });
		const clock = new ServerClock(SERVER_NOW);
		const stop = clock.start();
		vi.advanceTimersByTime(999);
		expect(clock.now).toBe(Date.parse('2022-01-17T17:20:00Z'));
		vi.advanceTimersByTime(1);
		expect(clock.now).toBe(Date.parse('2022-01-17T17:20:01Z'));
		vi.advanceTimersByTime(4_000);
		expect(clock.now).toBe(Date.parse('2022-01-17T17:20:05Z'));
		stop();
		vi.advanceTimersByTime(10_000);
		expect(clock.now).toBe(Date.parse('2022-01-17T17:20:05Z'));
	});
});
