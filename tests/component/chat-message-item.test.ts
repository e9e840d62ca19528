import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import ChatMessageItem from '../../src/lib/components/chat/ChatMessageItem.svelte';
import { chatMessage, useLocale } from './support/fakes.ts';

function props(overrides: Partial<Parameters<typeof chatMessage>[0]> = {}, canModerate = false) {
	return {
		message: chatMessage({ id: 'm-1', ...overrides }),
		canModerate,
		onDelete: vi.fn(),
		onPin: vi.fn(),
		onMute: vi.fn(),
		onReport: vi.fn()
	};
}

describe('ChatMessageItem', () => {
	it('shows name, text and the time in Amsterdam (17:20 UTC is 18:20 there in January)', () => {
		render(ChatMessageItem, props({ at: Date.parse('2022-01-17T17:20:00Z') }));
		expect(screen.getByText('Anna')).toBeTruthy();
		expect(screen.getByText('Hallo allemaal')).toBeTruthy();
		const time = screen.getByText('18:20');
		expect(time.tagName).toBe('TIME');
		expect(time.getAttribute('datetime')).toBe('2022-01-17T17:20:00.000Z');
	});

	it('a reader can only report, and the report calls back', async () => {
		const user = userEvent.setup();
		const p = props();
		render(ChatMessageItem, p);
		expect(screen.getAllByRole('button').map((b) => b.textContent)).toEqual(['Melden']);
		await user.click(screen.getByRole('button', { name: 'Melden' }));
		expect(p.onReport).toHaveBeenCalledTimes(1);
	});

	it('a moderator deletes, pins and mutes; each button calls its own action', async () => {
		const user = userEvent.setup();
		const p = props({}, true);
		render(ChatMessageItem, p);
		expect(screen.getAllByRole('button').map((b) => b.textContent)).toEqual([
			'Verwijderen',
			'Vastzetten',
			'Dempen (10 min)'
		]);
		// Keyboard: Tab to "Dempen" and press Enter.
		await user.tab();
		await user.tab();
		await user.tab();
		expect(document.activeElement?.textContent).toBe('Dempen (10 min)');
		await user.keyboard('{Enter}');
		expect(p.onMute).toHaveBeenCalledTimes(1);
		expect(p.onDelete).not.toHaveBeenCalled();
		await user.click(screen.getByRole('button', { name: 'Vastzetten' }));
		expect(p.onPin).toHaveBeenCalledTimes(1);
		await user.click(screen.getByRole('button', { name: 'Verwijderen' }));
		expect(p.onDelete).toHaveBeenCalledTimes(1);
		expect(p.onMute).toHaveBeenCalledTimes(1);
		expect(p.onReport).not.toHaveBeenCalled();
	});

	it('a removed message shows the notice instead of its text and offers no actions', () => {
		render(ChatMessageItem, props({ deleted: true, text: 'weg ermee' }, true));
		expect(screen.getByText('Verwijderd door een moderator.')).toBeTruthy();
		expect(screen.queryByText('weg ermee')).toBeNull();
		expect(screen.queryAllByRole('button')).toEqual([]);
	});

	it('a deleted account shows as "verwijderde gebruiker" and cannot be muted', () => {
		render(ChatMessageItem, props({ authorDeleted: true, name: 'Anna' }, true));
		expect(screen.getByText('verwijderde gebruiker')).toBeTruthy();
		expect(screen.queryByText('Anna')).toBeNull();
		expect(screen.queryByRole('button', { name: 'Dempen (10 min)' })).toBeNull();
		expect(screen.getByRole('button', { name: 'Verwijderen' })).toBeTruthy();
	});

	it('role badges in Dutch and in English', () => {
		const { unmount } = render(ChatMessageItem, props({ role: 'speaker' }));
		expect(screen.getByText('spreker').dataset.role).toBe('speaker');
		unmount();
		useLocale('en');
		render(ChatMessageItem, props({ role: 'host', authorDeleted: true }));
		expect(screen.getByText('host').dataset.role).toBe('host');
		expect(screen.getByText('deleted user')).toBeTruthy();
		expect(screen.getByRole('button', { name: 'Report' })).toBeTruthy();
	});
});
