import { render } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import VideoStage, { gridLayout } from '../../src/lib/components/room/VideoStage.svelte';
import { tile } from './support/fakes.ts';

/** The grid's area at 1280×800 with the 24rem side panel open (below the top bar, above the controls). */
const DESK = { width: 880, height: 660 };

describe('gridLayout', () => {
	it('two people in a landscape area sit side by side, not in stacked strips', () => {
		const layout = gridLayout(2, DESK.width, DESK.height)!;
		expect(layout.columns).toBe(2);
		// Two 16:9 tiles and the gap fill the width.
		expect(layout.tile * 2 + 8).toBeLessThanOrEqual(DESK.width);
		expect(layout.tile).toBeGreaterThan(420);
	});

	it('on a phone in portrait they are one above the other, as wide as the screen', () => {
		expect(gridLayout(2, 374, 640)).toEqual({ columns: 1, tile: 373 });
	});

	it('side by side only while the tiles stay about as large: three take two rows', () => {
		expect(gridLayout(3, DESK.width, DESK.height)?.columns).toBe(2);
		expect(gridLayout(4, DESK.width, DESK.height)?.columns).toBe(2);
		// A very wide, low area: all four in one row.
		expect(gridLayout(4, 1600, 500)?.columns).toBe(4);
	});

	it('every tile fits in the height too', () => {
		for (const [count, width, height] of [
			[1, 1200, 300],
			[2, 880, 300],
			[6, 880, 660],
			[9, 390, 500]
		] as const) {
			const { columns, tile } = gridLayout(count, width, height)!;
			const rows = Math.ceil(count / columns);
			expect(columns * tile + (columns - 1) * 8).toBeLessThanOrEqual(width);
			expect(rows * ((tile * 9) / 16) + (rows - 1) * 8).toBeLessThanOrEqual(height);
		}
	});

	it('nothing to lay out before the area is measured or without people', () => {
		expect(gridLayout(2, 0, 0)).toBeUndefined();
		expect(gridLayout(0, 880, 660)).toBeUndefined();
	});
});

describe('VideoStage', () => {
	it('a breakout shows everyone in the grid', () => {
		const { container } = render(VideoStage, {
			tiles: [tile('Anna'), tile('Bram', { local: true })],
			broadcast: false,
			connected: true
		});
		const stage = container.querySelector('[data-room-view]')!;
		expect(stage.getAttribute('data-room-view')).toBe('grid');
		expect(stage.getAttribute('data-layout')).toBe('grid');
		expect(container.querySelectorAll('.grid-tiles [data-identity]')).toHaveLength(2);
	});

	it('a stage keeps its focus layout: the speaker large, the others in a strip', () => {
		const { container } = render(VideoStage, {
			tiles: [tile('Anna'), tile('Bram', { local: true })],
			broadcast: true,
			connected: true
		});
		expect(container.querySelector('[data-layout]')?.getAttribute('data-layout')).toBe('focus');
		expect(container.querySelector('.focus [data-identity]')?.getAttribute('data-identity')).toBe(
			'id-Anna'
		);
		expect(container.querySelector('.strip [data-identity]')?.getAttribute('data-identity')).toBe(
			'id-Bram'
		);
	});
});
