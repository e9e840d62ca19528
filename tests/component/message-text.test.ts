import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import MessageText from '../../src/lib/components/chat/MessageText.svelte';

/** Renders inside a paragraph, as the chat does. */
function show(text: string) {
	const { container } = render(MessageText, { text });
	return container;
}

describe('MessageText', () => {
	it('turns an http(s) link into a safe outside link, without the closing full stop', () => {
		const container = show('Lees https://example.org/verslag?p=1. Dank!');
		const link = screen.getByRole('link', { name: 'https://example.org/verslag?p=1' });
		expect(link.getAttribute('href')).toBe('https://example.org/verslag?p=1');
		expect(link.getAttribute('target')).toBe('_blank');
		expect(link.getAttribute('rel')?.split(' ').sort()).toEqual([
			'external',
			'nofollow',
			'noopener',
			'noreferrer',
			'ugc'
		]);
		expect(container.textContent).toBe('Lees https://example.org/verslag?p=1. Dank!');
	});

	it('gives a www. address https', () => {
		show('zie www.plenair.example/programma');
		expect(
			screen.getByRole('link', { name: 'www.plenair.example/programma' }).getAttribute('href')
		).toBe('https://www.plenair.example/programma');
	});

	it('never links javascript:, data: or addresses with a password', () => {
		const text =
			'javascript:alert(1) data:text/html,<script>alert(1)</script> https://user:secret@evil.example/';
		const container = show(text);
		expect(screen.queryAllByRole('link')).toEqual([]);
		expect(container.textContent).toBe(text);
	});

	it('shows HTML as the characters typed, never as elements', () => {
		const text = '<img src=x onerror="alert(1)"><a href="https://evil.example">klik</a>';
		const container = show(text);
		expect(container.textContent).toBe(text);
		expect(container.querySelector('img, script')).toBeNull();
		// Only the bare address inside the typed tag is a link, to itself.
		expect(screen.getAllByRole('link').map((a) => a.getAttribute('href'))).toEqual([
			'https://evil.example/'
		]);
	});
});
