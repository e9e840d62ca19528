import { render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import StatusBadge from '../../src/lib/components/StatusBadge.svelte';
import ViewerTime from '../../src/lib/components/ViewerTime.svelte';
import { useLocale } from './support/fakes.ts';

describe('StatusBadge', () => {
	it('names each status in Dutch and in English', () => {
		const shown = () =>
			(['live', 'past', 'upcoming'] as const).map((status) => {
				const { container, unmount } = render(StatusBadge, { status });
				const text = container.textContent;
				unmount();
				return text;
			});
		expect(shown()).toEqual(['Live', 'Afgelopen', 'Gepland']);
		useLocale('en');
		expect(shown()).toEqual(['Live', 'Ended', 'Scheduled']);
	});
});

describe('ViewerTime', () => {
	/** The zone the viewer's browser reports. */
	function viewerIn(timeZone: string) {
		const original = Intl.DateTimeFormat.prototype.resolvedOptions;
		vi.spyOn(Intl.DateTimeFormat.prototype, 'resolvedOptions').mockImplementation(function (
			this: Intl.DateTimeFormat
		) {
			return { ...original.call(this), timeZone };
		});
	}
	afterEach(() => vi.restoreAllMocks());

	// 19:30 in Amsterdam on a winter evening.
	const instant = '2022-01-17T19:30:00+01:00';

	it('shows nothing to a viewer in the event’s own zone', async () => {
		viewerIn('Europe/Amsterdam');
		const { container } = render(ViewerTime, { instant, eventZone: 'Europe/Amsterdam' });
		await Promise.resolve();
		expect(container.textContent).toBe('');
	});

	it('shows nothing when another zone has the same wall-clock time (Paris)', async () => {
		viewerIn('Europe/Paris');
		const { container } = render(ViewerTime, { instant, eventZone: 'Europe/Amsterdam' });
		await Promise.resolve();
		expect(container.textContent).toBe('');
	});

	it('adds the viewer’s own time when it differs (London, New York)', async () => {
		viewerIn('Europe/London');
		const { unmount } = render(ViewerTime, { instant, eventZone: 'Europe/Amsterdam' });
		expect(await screen.findByText('(jouw tijd 18:30)')).toBeTruthy();
		unmount();
		vi.restoreAllMocks();
		viewerIn('America/New_York');
		useLocale('en');
		render(ViewerTime, { instant, eventZone: 'Europe/Amsterdam' });
		expect(await screen.findByText('(your time 13:30)')).toBeTruthy();
	});
});
