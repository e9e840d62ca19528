import { screen } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { ServerClock } from '../../src/lib/client/server-clock.svelte.ts';
import BoardTimer from '../../src/lib/components/board/BoardTimer.svelte';
import { renderWith, useLocale } from './support/fakes.ts';

const ENDS = Date.parse('2022-01-17T19:45:00Z');

/** A server clock whose local clock the test moves by hand. */
function clockAt(msBeforeEnd: number) {
	let local = 1_000_000;
	const clock = new ServerClock(ENDS - msBeforeEnd, () => local);
	return {
		clock,
		advance(ms: number) {
			local += ms;
			flushSync(() => clock.tick());
		}
	};
}

function show(msBeforeEnd: number) {
	const time = clockAt(msBeforeEnd);
	const { container, unmount } = renderWith(BoardTimer, { endsAt: ENDS }, { clock: time.clock });
	return {
		...time,
		unmount,
		/** What is shown (the screen reader skips it). */
		shown: () => container.querySelector('.countdown')?.textContent,
		/** What a screen reader hears, in a polite live region. */
		heard: () => container.querySelector('[aria-live="polite"]')?.textContent
	};
}

describe('BoardTimer', () => {
	it('shows minutes and seconds left and announces the minutes', () => {
		const timer = show(125_000);
		expect(screen.getByText('Resterende tijd:')).toBeTruthy();
		expect(timer.shown()).toBe('02:05');
		expect(timer.heard()).toBe('Nog 3 minuten');
	});

	it('announces only in steps: five minutes above five, then each minute, then 30 and 10 seconds', () => {
		const cases: [number, string, string][] = [
			[7.5 * 60_000, '07:30', 'Nog 10 minuten'],
			[10 * 60_000 + 1000, '10:01', 'Nog 15 minuten'],
			[5 * 60_000, '05:00', 'Nog 5 minuten'],
			[45_000, '00:45', 'Nog één minuut'],
			[25_000, '00:25', 'Nog 30 seconden'],
			[8_000, '00:08', 'Nog 10 seconden']
		];
		for (const [left, shown, heard] of cases) {
			const timer = show(left);
			expect([timer.shown(), timer.heard()]).toEqual([shown, heard]);
			timer.unmount();
		}
	});

	it('follows the server clock as it ticks, down to "time is up"', () => {
		const timer = show(61_000);
		expect([timer.shown(), timer.heard()]).toEqual(['01:01', 'Nog 2 minuten']);
		timer.advance(2_000);
		expect([timer.shown(), timer.heard()]).toEqual(['00:59', 'Nog één minuut']);
		timer.advance(59_000);
		expect([timer.shown(), timer.heard()]).toEqual(['De tijd is om', 'De tijd is om']);
		timer.advance(30_000);
		expect(timer.shown()).toBe('De tijd is om');
	});

	it('in English', () => {
		useLocale('en');
		const timer = show(3 * 60_000);
		expect(screen.getByText('Time left:')).toBeTruthy();
		expect(timer.heard()).toBe('3 minutes left');
		timer.advance(3 * 60_000);
		expect(timer.heard()).toBe('Time is up');
	});
});
