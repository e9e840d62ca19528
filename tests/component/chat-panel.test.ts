import { screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import ChatPanel from '../../src/lib/components/chat/ChatPanel.svelte';
import { lineOf } from '../../src/lib/shared/chat/lines.ts';
import { chatMessage, deferred, fakeRealtime, renderWith, useLocale } from './support/fakes.ts';

/*
 * The chat panel against a realtime connection in memory (the same RealtimeTransport the page's
 * ChatRoomState uses). Real sockets and Redis: tests/integration/chat.test.ts and
 * tests/e2e/chat.spec.ts.
 */

const ROOM = 'breakout-1';
const props = {
	room: ROOM,
	canWrite: true,
	canModerate: false,
	person: 'user-bert'
};

/** A server that stores every message: it acknowledges, and broadcasts the line to everyone. */
function acceptingServer(history = [chatMessage({ id: 'm-1', text: 'Welkom!' })]) {
	let seq = 10;
	const server = fakeRealtime({
		'chat:join': () => ({
			ok: true,
			you: 'bertAuthor1',
			messages: history.filter((m) => m.kind === 'message'),
			questions: history.filter((m) => m.kind === 'question'),
			slowModeSeconds: 0,
			hasMore: false
		}),
		'chat:send': (p) => store(p)
	});
	/** Stores a sent message: the line goes to every listener, the ack to the sender. */
	function store(p: Record<string, unknown>) {
		const message = chatMessage({
			id: String(p.id),
			streamId: `1642436400000-${seq++}`,
			kind: p.kind as 'message',
			text: String(p.text),
			author: 'bertAuthor1',
			name: 'Bert'
		});
		server.emit('chat:lines', [ROOM, lineOf(message)]);
		return { ok: true, id: message.id, streamId: message.streamId };
	}
	return { ...server, store };
}

const log = () => screen.getByRole('log', { name: 'Chat' });

describe('ChatPanel', () => {
	it('shows the history and sends what is typed with Enter, then empties the field', async () => {
		const user = userEvent.setup();
		const server = acceptingServer();
		renderWith(ChatPanel, props, { realtime: server.realtime });

		expect(await within(log()).findByText('Welkom!')).toBeTruthy();
		expect(within(log()).getByText('Anna')).toBeTruthy();
		const input = screen.getByRole('textbox', { name: 'Je bericht' });
		expect(screen.getByText('0/1000')).toBeTruthy();

		await user.type(input, 'Goedenavond{Enter}');

		expect(server.sent('chat:send')).toEqual([
			{ room: ROOM, id: expect.any(String), kind: 'message', text: 'Goedenavond' }
		]);
		expect(await within(log()).findByText('Goedenavond')).toBeTruthy();
		expect((input as HTMLInputElement).value).toBe('');
		expect(screen.getByText('0/1000')).toBeTruthy();
	});

	it('counts the characters typed and sends nothing for blank text', async () => {
		const user = userEvent.setup();
		const server = acceptingServer();
		renderWith(ChatPanel, props, { realtime: server.realtime });
		const input = await screen.findByRole('textbox', { name: 'Je bericht' });
		await user.type(input, '   ');
		expect(screen.getByText('3/1000')).toBeTruthy();
		await user.click(screen.getByRole('button', { name: 'Versturen' }));
		expect(server.sent('chat:send')).toEqual([]);
	});

	it('shows a message as "sending" until the server stores it', async () => {
		const user = userEvent.setup();
		const server = acceptingServer([]);
		const answer = deferred<unknown>();
		server.answers['chat:send'] = () => answer.promise;
		renderWith(ChatPanel, props, { realtime: server.realtime });

		await user.type(
			await screen.findByRole('textbox', { name: 'Je bericht' }),
			'Even geduld{Enter}'
		);
		const item = within(log()).getByText('Even geduld').closest('li')!;
		expect(within(item).getByText('Wordt verstuurd…')).toBeTruthy();

		const [sent] = server.sent('chat:send');
		answer.resolve(server.store(sent));
		await expect.poll(() => within(log()).queryByText('Wordt verstuurd…')).toBeNull();
		expect(within(log()).getByText('Bert')).toBeTruthy();
		expect(within(log()).getAllByText('Even geduld')).toHaveLength(1);
	});

	it('a refused message says why in Dutch, is not resent, and can be discarded', async () => {
		const user = userEvent.setup();
		const server = acceptingServer([]);
		server.answers['chat:send'] = () => ({
			ok: false,
			error: 'you are muted in this room',
			code: 'muted'
		});
		renderWith(ChatPanel, props, { realtime: server.realtime });

		await user.type(await screen.findByRole('textbox', { name: 'Je bericht' }), 'Mag ik?{Enter}');
		expect(
			await within(log()).findByText(
				'Niet verstuurd: Je kunt in deze chat tijdelijk niets plaatsen.'
			)
		).toBeTruthy();
		expect(within(log()).queryByText(/muted/)).toBeNull();
		expect(server.sent('chat:send')).toHaveLength(1);

		await user.click(within(log()).getByRole('button', { name: 'Weggooien' }));
		expect(within(log()).queryByText('Mag ik?')).toBeNull();
		expect(server.sent('chat:send')).toHaveLength(1);
	});

	it('shows markup in a message as text, never as HTML', async () => {
		const markup = '<img src=x onerror="alert(1)"><b>vet</b>';
		const server = acceptingServer([chatMessage({ id: 'm-x', text: markup })]);
		renderWith(ChatPanel, props, { realtime: server.realtime });

		expect(await within(log()).findByText(markup)).toBeTruthy();
		expect(log().querySelector('img, b')).toBeNull();
	});

	it('shows the sender’s role as a badge beside the name', async () => {
		const server = acceptingServer([
			chatMessage({ id: 'm-1', name: 'Anna', role: 'host', text: 'Welkom' }),
			chatMessage({ id: 'm-2', streamId: '1642436400000-1', name: 'Mo', role: 'moderator' }),
			chatMessage({ id: 'm-3', streamId: '1642436400000-2', name: 'Sam', role: 'speaker' }),
			chatMessage({ id: 'm-4', streamId: '1642436400000-3', name: 'Piet', text: 'Hoi' })
		]);
		renderWith(ChatPanel, props, { realtime: server.realtime });

		const items = await within(log()).findAllByRole('listitem');
		expect(
			items.map((li) => li.querySelector('.author')?.textContent?.replace(/\s+/g, ' ').trim())
		).toEqual(['Anna organisatie', 'Mo moderator', 'Sam spreker', 'Piet']);
	});

	it('in English: labels, the pending state and the refusal', async () => {
		useLocale('en');
		const user = userEvent.setup();
		const server = acceptingServer([chatMessage({ id: 'm-1', role: 'host' })]);
		const answer = deferred<unknown>();
		server.answers['chat:send'] = () => answer.promise;
		renderWith(ChatPanel, props, { realtime: server.realtime });

		expect(await within(log()).findByText('host')).toBeTruthy();
		await user.type(screen.getByRole('textbox', { name: 'Your message' }), 'Hello');
		await user.click(screen.getByRole('button', { name: 'Send' }));
		expect(within(log()).getByText('Sending…')).toBeTruthy();
		answer.resolve({ ok: false, error: 'slow mode', code: 'banned' });
		expect(
			await within(log()).findByText('Not sent: You have been barred from this chat.')
		).toBeTruthy();
		expect(within(log()).getByRole('button', { name: 'Discard' })).toBeTruthy();
	});

	it('without the right to write: no field, an invitation to sign in', async () => {
		const server = acceptingServer();
		renderWith(ChatPanel, { ...props, canWrite: false }, { realtime: server.realtime });
		expect(await screen.findByText('Log in of doe mee als gast om te chatten.')).toBeTruthy();
		expect(screen.queryByRole('textbox')).toBeNull();
		expect(screen.queryByRole('button', { name: 'Versturen' })).toBeNull();
	});

	it('says why the room could not be joined', async () => {
		const server = fakeRealtime({
			'chat:join': () => ({ ok: false, error: 'not allowed', code: 'forbidden' })
		});
		renderWith(ChatPanel, props, { realtime: server.realtime });
		expect((await screen.findByRole('alert')).textContent).toBe('Dat mag je hier niet doen.');
	});

	it('a reader reports a message; a moderator deletes, pins and mutes, and sees a refusal', async () => {
		const user = userEvent.setup();
		const reader = acceptingServer();
		const { unmount } = renderWith(ChatPanel, props, { realtime: reader.realtime });
		await within(log()).findByText('Welkom!');
		expect(within(log()).queryByRole('button', { name: 'Verwijderen' })).toBeNull();
		await user.click(within(log()).getByRole('button', { name: 'Melden' }));
		expect(reader.sent('chat:report')).toEqual([{ room: ROOM, messageId: 'm-1' }]);
		unmount();

		const mod = acceptingServer();
		mod.answers['chat:pin'] = () => ({ ok: false, error: 'nope', code: 'forbidden' });
		renderWith(ChatPanel, { ...props, canModerate: true }, { realtime: mod.realtime });
		await within(log()).findByText('Welkom!');
		expect(within(log()).queryByRole('button', { name: 'Melden' })).toBeNull();
		await user.click(within(log()).getByRole('button', { name: 'Verwijderen' }));
		await user.click(within(log()).getByRole('button', { name: 'Dempen (10 min)' }));
		expect(mod.sent('chat:delete')).toEqual([{ room: ROOM, messageId: 'm-1' }]);
		expect(mod.sent('chat:mute')).toEqual([
			{ room: ROOM, messageId: 'm-1', scope: 'room', minutes: 10 }
		]);
		expect(screen.queryByRole('alert')).toBeNull();
		await user.click(within(log()).getByRole('button', { name: 'Vastzetten' }));
		expect((await screen.findByRole('alert')).textContent).toBe('Dat mag je hier niet doen.');

		await user.selectOptions(screen.getByRole('combobox', { name: 'Slow mode' }), '30 s');
		expect(mod.sent('chat:slow-mode')).toEqual([{ room: ROOM, seconds: 30 }]);
	});

	it('shows the pinned message and slow mode the server announces', async () => {
		const server = acceptingServer();
		renderWith(ChatPanel, props, { realtime: server.realtime });
		await within(log()).findByText('Welkom!');
		server.emit('chat:pinned', { room: ROOM, messageId: 'm-1' });
		server.emit('chat:settings', { room: ROOM, slowModeSeconds: 30 });
		expect(
			(await screen.findByText('Vastgezet:')).closest('p')?.textContent?.replace(/\s+/g, ' ')
		).toBe('Vastgezet: Welkom!');
		expect(screen.getByText('Slow mode: één bericht per 30 seconden.')).toBeTruthy();
	});

	it('as the questions view: asks a question instead of chatting, and shows no chat', async () => {
		const user = userEvent.setup();
		const server = acceptingServer();
		renderWith(ChatPanel, { ...props, view: 'questions' }, { realtime: server.realtime });
		expect(await screen.findByRole('heading', { name: 'Vragen' })).toBeTruthy();
		expect(screen.queryByRole('log')).toBeNull();
		await user.type(screen.getByRole('textbox', { name: 'Je vraag' }), 'Wanneer is de pauze?');
		await user.click(screen.getByRole('button', { name: 'Vraag stellen' }));
		expect(server.sent('chat:send')).toEqual([
			{ room: ROOM, id: expect.any(String), kind: 'question', text: 'Wanneer is de pauze?' }
		]);
		expect(
			await within(screen.getByRole('list', { name: 'Vragen' })).findByText('Wanneer is de pauze?')
		).toBeTruthy();
	});

	it('in the questions view: my own question has no vote button; another one counts my vote', async () => {
		const user = userEvent.setup();
		const server = acceptingServer([
			chatMessage({ id: 'q-1', kind: 'question', text: 'Wie betaalt de zonnepanelen?' }),
			chatMessage({
				id: 'q-2',
				streamId: '1642436400000-1',
				kind: 'question',
				text: 'Mag ik ook iets vragen?',
				author: 'bertAuthor1',
				name: 'Bert'
			})
		]);
		server.answers['qa:upvote'] = () => ({ ok: true, votes: 4 });
		renderWith(ChatPanel, { ...props, view: 'questions' }, { realtime: server.realtime });
		const list = await screen.findByRole('list', { name: 'Vragen' });
		const mine = (await within(list).findByText('Mag ik ook iets vragen?')).closest('li')!;
		expect(within(mine).getByText('Jouw vraag: anderen kunnen hem steunen.')).toBeTruthy();
		expect(within(mine).queryByRole('button', { name: /^Stem/ })).toBeNull();

		const theirs = within(list).getByText('Wie betaalt de zonnepanelen?').closest('li')!;
		await user.click(within(theirs).getByRole('button', { name: /^Stem/ }));
		expect(server.sent('qa:upvote')).toEqual([{ room: ROOM, messageId: 'q-1' }]);
		await expect.poll(() => within(theirs).queryByText(/4 stemmen/)).toBeTruthy();
		expect(within(theirs).getByRole('button', { name: /^Stem/ }).getAttribute('aria-pressed')).toBe(
			'true'
		);
	});
});
