import { describe, expect, it } from 'vitest';
import { m } from '../../src/lib/paraglide/messages.js';

describe('counted words', () => {
	it('say one in the singular and more in the plural, in Dutch and English', () => {
		expect(m.qa_votes({ count: 1 }, { locale: 'nl' })).toBe('1 stem');
		expect(m.qa_votes({ count: 2 }, { locale: 'nl' })).toBe('2 stemmen');
		expect(m.qa_votes({ count: 0 }, { locale: 'en' })).toBe('0 votes');
		expect(m.capacity({ count: 1 }, { locale: 'nl' })).toBe('1 plaats');
		expect(m.venue_audience_unnamed({ count: 1 }, { locale: 'en' })).toBe('And 1 more viewer');
		expect(m.board_results_summary({ voters: 1, votes: 3 }, { locale: 'nl' })).toBe(
			'1 persoon stemde; 3 stemmen in totaal.'
		);
		expect(m.board_results_summary({ voters: 4, votes: 1 }, { locale: 'en' })).toBe(
			'4 people voted; 1 vote in all.'
		);
	});
});
