import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { BoardClient } from '../../src/lib/client/board.svelte.ts';
import BoardNote from '../../src/lib/components/board/BoardNote.svelte';
import type { Board, BoardSelf, Note, Phase } from '../../src/lib/shared/board/schema.ts';
import { moderatorSelf, testBoard } from '../support/board-fixtures.ts';
import { useLocale } from './support/fakes.ts';

const me: BoardSelf = { author: 'auteur-ik', voter: 'stemmer-ik', name: 'Ik', moderator: false };

function note(overrides: Partial<Note> = {}): Note {
	return {
		id: 'note-1',
		author: 'auteur-ik',
		text: 'Meer bankjes op het plein',
		hidden: false,
		question: 0,
		group: null,
		createdAt: 1,
		...overrides
	};
}

function board(phase: Phase, overrides: Partial<Board> = {}): Board {
	return testBoard({
		version: 7,
		phase,
		revealed: phase !== 'collect',
		groups: [
			{ id: 'groep-groen', name: 'Groen', createdAt: 2 },
			{ id: 'groep-verkeer', name: 'Verkeer', createdAt: 3 }
		],
		...overrides
	});
}

function show(n: Note, b: Board, self: BoardSelf) {
	const client = { submit: vi.fn(async () => ({ ok: true, version: 8 })) };
	render(BoardNote, { note: n, board: b, self, client: client as unknown as BoardClient });
	return client;
}

const buttonNames = () =>
	screen.queryAllByRole('button').map((b) => b.getAttribute('aria-label') ?? b.textContent);

describe('BoardNote', () => {
	it('while collecting, the author edits their own note', async () => {
		const user = userEvent.setup();
		const client = show(note(), board('collect'), me);
		expect(screen.getByText('Meer bankjes op het plein')).toBeTruthy();
		expect(screen.getByText('jouw notitie')).toBeTruthy();
		expect(buttonNames()).toEqual([
			'Bewerk notitie: Meer bankjes op het plein',
			'Verwijder notitie: Meer bankjes op het plein'
		]);

		await user.click(
			screen.getByRole('button', { name: 'Bewerk notitie: Meer bankjes op het plein' })
		);
		const field = screen.getByRole('textbox', { name: 'Nieuwe tekst' });
		expect((field as HTMLTextAreaElement).value).toBe('Meer bankjes op het plein');
		await user.clear(field);
		await user.type(field, '  Meer bankjes in het park  ');
		await user.click(screen.getByRole('button', { name: 'Opslaan' }));
		expect(client.submit.mock.calls).toEqual([
			[{ type: 'edit-note', note: 'note-1', text: 'Meer bankjes in het park' }]
		]);
		expect(screen.queryByRole('textbox')).toBeNull();
	});

	it('saving unchanged text or cancelling sends nothing', async () => {
		const user = userEvent.setup();
		const client = show(note(), board('collect'), me);
		await user.click(screen.getByRole('button', { name: /^Bewerk notitie/ }));
		await user.click(screen.getByRole('button', { name: 'Opslaan' }));
		await user.click(screen.getByRole('button', { name: /^Bewerk notitie/ }));
		await user.type(screen.getByRole('textbox', { name: 'Nieuwe tekst' }), ' en bomen');
		await user.click(screen.getByRole('button', { name: 'Annuleren' }));
		expect(client.submit).not.toHaveBeenCalled();
		expect(screen.getByText('Meer bankjes op het plein')).toBeTruthy();
	});

	it('the author deletes their note', async () => {
		const user = userEvent.setup();
		const client = show(note(), board('collect'), me);
		await user.click(
			screen.getByRole('button', { name: 'Verwijder notitie: Meer bankjes op het plein' })
		);
		expect(client.submit.mock.calls).toEqual([[{ type: 'delete-note', note: 'note-1' }]]);
	});

	it('someone else’s note: their name, no edit or delete', () => {
		show(note({ author: 'auteur-anna', authorName: 'Anna' }), board('collect'), me);
		expect(screen.getByText('door Anna')).toBeTruthy();
		expect(buttonNames()).toEqual([]);
	});

	it('a hidden note of someone else shows no text; the moderator may still delete it', async () => {
		const user = userEvent.setup();
		const client = show(
			note({ author: 'auteur-anna', text: '', hidden: true }),
			board('collect'),
			moderatorSelf
		);
		expect(screen.getByText('Verborgen notitie')).toBeTruthy();
		expect(buttonNames()).toEqual(['Verwijder notitie: Verborgen notitie']);
		await user.click(screen.getByRole('button', { name: 'Verwijder notitie: Verborgen notitie' }));
		expect(client.submit.mock.calls).toEqual([[{ type: 'delete-note', note: 'note-1' }]]);
	});

	it('while grouping, everyone may put a note in a group or take it out', async () => {
		const user = userEvent.setup();
		const client = show(note({ group: 'groep-groen' }), board('group'), me);
		// The author may no longer edit or delete once collecting is over.
		expect(buttonNames()).toEqual([]);
		const select = screen.getByRole('combobox', {
			name: 'Groep voor notitie: Meer bankjes op het plein'
		}) as HTMLSelectElement;
		expect(Array.from(select.options).map((o) => o.textContent)).toEqual([
			'Zonder groep',
			'Groen',
			'Verkeer'
		]);
		expect(select.value).toBe('groep-groen');
		await user.selectOptions(select, 'Verkeer');
		await user.selectOptions(select, 'Zonder groep');
		expect(client.submit.mock.calls).toEqual([
			[{ type: 'move-note', note: 'note-1', group: 'groep-verkeer' }],
			[{ type: 'move-note', note: 'note-1', group: null }]
		]);
	});

	it('on a board where only the moderator groups, others get no group choice', () => {
		const b = board('group');
		b.settings.grouping = 'moderator';
		show(note(), b, me);
		expect(screen.queryByRole('combobox')).toBeNull();
	});

	it('voting: + adds a vote, − takes one back and is disabled without a vote of mine', async () => {
		const user = userEvent.setup();
		const client = show(note(), board('vote'), me);
		expect(screen.getByText('0 van jou')).toBeTruthy();
		const minus = screen.getByRole('button', {
			name: 'Haal je stem weg bij: Meer bankjes op het plein'
		}) as HTMLButtonElement;
		expect(minus.disabled).toBe(true);
		await user.click(screen.getByRole('button', { name: 'Stem op: Meer bankjes op het plein' }));
		expect(client.submit.mock.calls).toEqual([[{ type: 'vote', note: 'note-1', delta: 1 }]]);
	});

	it('shows my votes on the note and lets me take one back', async () => {
		const user = userEvent.setup();
		const b = board('vote', { votes: { 'note-1': { 'stemmer-ik': 2, 'stemmer-anna': 3 } } });
		const client = show(note(), b, me);
		expect(screen.getByText('2 van jou')).toBeTruthy();
		expect(screen.getByText('●●')).toBeTruthy();
		await user.click(
			screen.getByRole('button', { name: 'Haal je stem weg bij: Meer bankjes op het plein' })
		);
		expect(client.submit.mock.calls).toEqual([[{ type: 'vote', note: 'note-1', delta: -1 }]]);
	});

	it('says the votes are spent on the button itself, before it is pressed', () => {
		// Three votes of mine on other notes: the budget of three is used up.
		const b = board('vote', {
			votes: { 'note-2': { 'stemmer-ik': 2 }, 'note-3': { 'stemmer-ik': 1 } }
		});
		show(note(), b, me);
		const plus = screen.getByRole('button', {
			name: 'Je stemmen zijn op: Meer bankjes op het plein'
		}) as HTMLButtonElement;
		expect(plus.disabled).toBe(true);
		expect(plus.textContent).toBe('Je stemmen zijn op');
	});

	it('one vote per note: + is off once I voted on it', () => {
		const b = board('vote', { votes: { 'note-1': { 'stemmer-ik': 1 } } });
		b.settings.multipleVotesPerNote = false;
		show(note(), b, me);
		const plus = screen.getByRole('button', {
			name: 'Stem op: Meer bankjes op het plein'
		}) as HTMLButtonElement;
		expect(plus.disabled).toBe(true);
	});

	it('in English', () => {
		useLocale('en');
		show(note(), board('vote'), me);
		expect(screen.getByText('your note')).toBeTruthy();
		expect(screen.getByText('0 from you')).toBeTruthy();
		expect(buttonNames()).toEqual([
			'Vote for: Meer bankjes op het plein',
			'Take back your vote from: Meer bankjes op het plein'
		]);
	});
});
