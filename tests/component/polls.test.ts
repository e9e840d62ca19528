import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { flushSync } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import { RoomPolls } from '../../src/lib/client/room-polls.svelte.ts';
import PollAnswerForm from '../../src/lib/components/polls/PollAnswerForm.svelte';
import PollPanel from '../../src/lib/components/polls/PollPanel.svelte';
import PollResults from '../../src/lib/components/polls/PollResults.svelte';
import type { Poll, PollView } from '../../src/lib/shared/polls/schema.ts';
import { fakeTransport } from '../support/fake-transport.ts';
import { POLL_ID, testPoll } from '../support/poll-fixtures.ts';
import { useLocale } from './support/fakes.ts';

/*
 * The polls tab and its parts against a realtime connection in memory. Real sockets, Redis and
 * two nodes: tests/integration/polls.test.ts; in the browser: tests/e2e/polls.spec.ts.
 */

const ID = POLL_ID;
const poll = (over: Partial<Poll> = {}) => testPoll({ other: true, ...over });
const view = (over: Partial<Poll> = {}, mine?: PollView['mine']): PollView => ({
	poll: poll(over),
	tally: { poll: ID, version: 3, voters: 3, counts: { o1: 2, o2: 1 }, other: 0 },
	...(mine ? { mine } : {})
});

describe('PollResults', () => {
	it('reads as text: each choice with its count and share, and how many answered', () => {
		useLocale('nl');
		render(PollResults, { poll: poll(), tally: view().tally });
		const rows = screen
			.getAllByRole('listitem')
			.map((li) => li.textContent?.replace(/\s+/g, ' ').trim());
		expect(rows).toEqual(['Wonen 2 (67%)', 'Energie 1 (33%)', 'Anders 0 (0%)']);
		expect(screen.getByText('Antwoorden: 3')).toBeTruthy();
	});

	it('says when the result comes, while it is hidden', () => {
		useLocale('en');
		render(PollResults, {
			poll: poll({ results: 'closed' }),
			tally: { poll: ID, version: 1, voters: 5 }
		});
		expect(screen.getByText('The result shows when the poll closes.')).toBeTruthy();
		expect(screen.queryAllByRole('listitem')).toEqual([]);
	});
});

describe('PollAnswerForm', () => {
	it('sends one choice, and asks for words when "other" is chosen', async () => {
		useLocale('nl');
		const user = userEvent.setup();
		const onAnswer = vi.fn(async () => true);
		render(PollAnswerForm, { view: view(), onAnswer });
		const send = screen.getByRole('button', { name: 'Antwoord geven' }) as HTMLButtonElement;
		expect(send.disabled).toBe(true);
		await user.click(screen.getByRole('radio', { name: 'Anders' }));
		expect(send.disabled).toBe(true);
		await user.type(screen.getByRole('textbox', { name: 'Anders, namelijk' }), 'Zorg');
		await user.click(send);
		expect(onAnswer.mock.calls).toEqual([[{ choices: [], other: 'Zorg' }]]);
		expect(screen.getByRole('status').textContent).toBe('Je antwoord is ontvangen.');
	});

	it('starts from my earlier answer and offers to change it; several choices as checkboxes', async () => {
		useLocale('nl');
		const user = userEvent.setup();
		const onAnswer = vi.fn(async () => true);
		render(PollAnswerForm, { view: view({ multiple: true }, { choices: ['o2'] }), onAnswer });
		expect((screen.getByRole('checkbox', { name: 'Energie' }) as HTMLInputElement).checked).toBe(
			true
		);
		await user.click(screen.getByRole('checkbox', { name: 'Wonen' }));
		await user.click(screen.getByRole('button', { name: 'Antwoord wijzigen' }));
		expect(onAnswer.mock.calls).toEqual([[{ choices: ['o1', 'o2'] }]]);
	});
});

describe('PollPanel', () => {
	function panel(views: PollView[], canModerate: boolean) {
		const fake = fakeTransport({
			'poll:join': () => ({ ok: true, polls: views }),
			'stage:current': () => ({ ok: true, content: null }),
			'poll:create': (p) => ({
				ok: true,
				poll: poll({
					id: '00000000-0000-4000-8000-000000000002',
					question: String((p.draft as { question: string }).question),
					status: 'open'
				})
			})
		});
		const polls = new RoomPolls('plenaire-opening', fake.transport);
		polls.start();
		render(PollPanel, { polls, session: 'plenaire-opening', canAnswer: true, canModerate });
		return { fake, polls };
	}

	it('a moderator asks a new poll at once, and a new tally replaces an older one only', async () => {
		useLocale('nl');
		const user = userEvent.setup();
		const { fake } = panel([], true);
		await user.type(screen.getByRole('textbox', { name: 'Vraag' }), 'Hoe gaat het?');
		await user.type(screen.getByRole('textbox', { name: 'Antwoord 1' }), 'Goed');
		await user.type(screen.getByRole('textbox', { name: 'Antwoord 2' }), 'Slecht');
		await user.click(screen.getByRole('button', { name: 'Nu stellen' }));
		expect(fake.sent('poll:create')).toEqual([
			{
				session: 'plenaire-opening',
				open: true,
				draft: {
					question: 'Hoe gaat het?',
					options: ['Goed', 'Slecht'],
					multiple: false,
					other: false,
					anonymous: true,
					results: 'live'
				}
			}
		]);
		const asked = await screen.findByRole('region', { name: 'Hoe gaat het?' });
		expect(within(asked).getByRole('button', { name: 'Peiling sluiten' })).toBeTruthy();
		const id = '00000000-0000-4000-8000-000000000002';
		fake.emit('poll:tally', {
			session: 'plenaire-opening',
			tally: { poll: id, version: 5, voters: 1, counts: { o1: 1, o2: 0 } }
		});
		fake.emit('poll:tally', {
			session: 'plenaire-opening',
			tally: { poll: id, version: 4, voters: 0, counts: { o1: 0, o2: 0 } }
		});
		flushSync();
		expect(within(asked).getByText('Antwoorden: 1')).toBeTruthy();
	});

	it('a moderator who writes too little is told what is missing, and nothing is sent', async () => {
		useLocale('en');
		const user = userEvent.setup();
		const { fake } = panel([], true);
		await user.type(screen.getByRole('textbox', { name: 'Question' }), 'Only one answer?');
		await user.type(screen.getByRole('textbox', { name: 'Answer 1' }), 'Yes');
		await user.click(screen.getByRole('button', { name: 'Ask now' }));
		expect(screen.getByRole('alert').textContent).toBe('Give 2 to 10 different answers.');
		expect(fake.sent('poll:create')).toEqual([]);
	});

	it('an attendee sees no drafts and no moderator buttons', async () => {
		useLocale('nl');
		panel(
			[
				view(),
				view({
					id: '00000000-0000-4000-8000-000000000003',
					question: 'Afgelopen',
					status: 'closed'
				})
			],
			false
		);
		await screen.findByRole('region', { name: 'Waar begint u?' });
		expect(screen.queryByRole('button', { name: 'Peiling sluiten' })).toBeNull();
		expect(screen.queryByText('Nieuwe peiling')).toBeNull();
		expect(screen.getByRole('heading', { name: 'Gesloten peilingen' })).toBeTruthy();
	});
});
