import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import MovedNotice from '../../src/lib/components/room/MovedNotice.svelte';
import { useLocale } from './support/fakes.ts';

describe('MovedNotice', () => {
	it('says where the person is, that their devices are off, and links back', () => {
		render(MovedNotice, {
			room: 'Toolkit voor een coöperatieve energietransitie',
			from: '/sessions/x/room'
		});
		const notice = screen.getByRole('status');
		expect(notice.textContent).toContain(
			'Je bent nu in Toolkit voor een coöperatieve energietransitie'
		);
		expect(notice.textContent).toContain('Je camera en microfoon staan uit.');
		expect(screen.getByRole('link', { name: 'Terug naar waar je was' }).getAttribute('href')).toBe(
			'/sessions/x/room'
		);
	});

	it('from the programme (or anything not a path of this app): back to the programme', () => {
		const { unmount } = render(MovedNotice, { room: 'Zaal', from: '/' });
		expect(
			screen.getByRole('link', { name: 'Terug naar het programma' }).getAttribute('href')
		).toBe('/');
		unmount();
		render(MovedNotice, { room: 'Zaal', from: '//elsewhere.example/x' });
		expect(
			screen.getByRole('link', { name: 'Terug naar het programma' }).getAttribute('href')
		).toBe('/');
	});

	it('a room name is text, never markup', () => {
		render(MovedNotice, { room: '<img src=x onerror=alert(1)>', from: '/' });
		expect(document.querySelector('img')).toBeNull();
		expect(screen.getByRole('status').textContent).toContain('<img src=x onerror=alert(1)>');
	});

	it('can be dismissed; the live region stays for later announcements', async () => {
		const user = userEvent.setup();
		render(MovedNotice, { room: 'Zaal', from: '/' });
		await user.click(screen.getByRole('button', { name: 'Melding sluiten' }));
		expect(screen.getByRole('status').textContent?.trim()).toBe('');
	});

	it('in English', () => {
		useLocale('en');
		render(MovedNotice, { room: 'Hall', from: '/sessions/x/room' });
		expect(screen.getByRole('status').textContent).toContain('You are now in Hall');
		expect(screen.getByRole('link', { name: 'Back to where you were' })).toBeTruthy();
		expect(screen.getByRole('button', { name: 'Dismiss notice' })).toBeTruthy();
	});
});
