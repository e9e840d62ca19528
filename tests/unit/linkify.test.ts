import { describe, expect, it } from 'vitest';
import { linkify } from '../../src/lib/shared/chat/linkify.ts';

describe('linkify', () => {
	it('turns web links into link segments and leaves the rest as text', () => {
		expect(linkify('Zie https://dewarren.nl/over, en www.hva.nl.')).toEqual([
			{ type: 'text', text: 'Zie ' },
			{ type: 'link', text: 'https://dewarren.nl/over', href: 'https://dewarren.nl/over' },
			{ type: 'text', text: ', en ' },
			{ type: 'link', text: 'www.hva.nl', href: 'https://www.hva.nl/' },
			{ type: 'text', text: '.' }
		]);
	});

	it.each([
		'<img src=x onerror=alert(1)>',
		'javascript:alert(1)',
		'<a href="javascript:alert(1)">klik</a>',
		'"><script>alert(1)</script>',
		'https://user:pass@evil.example/'
	])('keeps %s as text', (payload) => {
		expect(linkify(payload).every((s) => s.type === 'text')).toBe(true);
		expect(
			linkify(payload)
				.map((s) => s.text)
				.join('')
		).toBe(payload);
	});
});
