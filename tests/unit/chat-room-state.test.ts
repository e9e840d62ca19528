import { describe, expect, it, vi } from 'vitest';
import { ChatRoomState } from '../../src/lib/client/chat.svelte.ts';
import type { PendingMessage } from '../../src/lib/client/chat-sync.ts';
import { lineOf } from '../../src/lib/shared/chat/lines.ts';
import type { ChatMessage } from '../../src/lib/shared/realtime/chat.ts';
import { memoryOutbox } from '../../src/lib/shared/realtime/outbox.ts';
import { chatMessage } from '../support/chat-fixtures.ts';
import { fakeTransport } from '../support/fake-transport.ts';

/*
 * What the chat panel reads of ChatRoomState: messages and questions apart, pinned message, slow
 * mode, older history and why the room could not be joined. The outbox per person:
 * chat-outbox.test.ts; resending and catching up: chat-sync.test.ts.
 */

const ROOM = 'zaal-a';

const message = (id: string, seq: number, extra: Partial<ChatMessage> = {}): ChatMessage =>
	chatMessage({
		id,
		streamId: `1642440000000-${seq}`,
		room: ROOM,
		name: id,
		text: `tekst ${id}`,
		at: 1_642_440_000_000 + seq,
		...extra
	});

const hello = message('m-hallo', 1);
const question = message('q-pauze', 2, { kind: 'question', votes: 1, voted: true });
const reply = message('m-reactie', 3);

function setup(join: Record<string, unknown> = {}, outbox = memoryOutbox<PendingMessage>()) {
	const server = fakeTransport({
		'chat:join': () => ({
			ok: true,
			you: 'bertAuthor1',
			messages: [reply, hello],
			questions: [question],
			slowModeSeconds: 0,
			hasMore: false,
			...join
		}),
		'qa:upvote': () => ({ ok: true, votes: 5 })
	});
	const chat = new ChatRoomState(ROOM, server.transport, 'user-bert', outbox);
	const stop = chat.start();
	return { server, chat, stop };
}

describe('ChatRoomState', () => {
	it('shows chat messages and questions apart, each in the order the server stored them', async () => {
		const { chat } = setup();
		await vi.waitFor(() =>
			expect(chat.messages.map((m) => m.id)).toEqual(['m-hallo', 'm-reactie'])
		);
		expect(chat.questions.map((q) => q.id)).toEqual(['q-pauze']);
	});

	it('keeps my own vote on a question when someone else’s vote updates it', async () => {
		const { chat, server } = setup();
		await vi.waitFor(() => expect(chat.questions).toEqual([question]));
		server.emit('chat:changed', { room: ROOM, id: 'q-pauze', votes: 2 });
		expect(chat.questions).toEqual([{ ...question, votes: 2, voted: true }]);
	});

	it('upvotes a question once and shows the server’s count; knows whose questions are mine', async () => {
		const { chat, server } = setup({ questions: [{ ...question, voted: false }] });
		await vi.waitFor(() => expect(chat.you).toBe('bertAuthor1'));
		await chat.upvote('q-pauze');
		expect(server.sent('qa:upvote')).toEqual([{ room: ROOM, messageId: 'q-pauze' }]);
		expect(chat.questions).toMatchObject([{ id: 'q-pauze', votes: 5, voted: true }]);
	});

	it('shows the pinned message and slow mode, and follows their changes', async () => {
		const { chat, server } = setup({ pinned: 'm-hallo', slowModeSeconds: 10 });
		await vi.waitFor(() => expect(chat.pinned?.id).toBe('m-hallo'));
		expect(chat.slowModeSeconds).toBe(10);
		server.emit('chat:pinned', { room: ROOM, messageId: 'm-reactie' });
		server.emit('chat:settings', { room: ROOM, slowModeSeconds: 0 });
		expect(chat.pinned?.text).toBe('tekst m-reactie');
		expect(chat.slowModeSeconds).toBe(0);
		server.emit('chat:pinned', { room: ROOM, messageId: null });
		expect(chat.pinned).toBeUndefined();
		// Another room's news is not this chat's.
		server.emit('chat:settings', { room: 'zaal-b', slowModeSeconds: 60 });
		expect(chat.slowModeSeconds).toBe(0);
	});

	it('offers older messages while the server has more, and loads them before the oldest', async () => {
		const { chat, server } = setup({ hasMore: true });
		await vi.waitFor(() => expect(chat.hasMore).toBe(true));
		server.answers['chat:history'] = () => ({
			ok: true,
			messages: [message('m-oud', 0)],
			hasMore: false
		});
		await chat.sync.loadOlder();
		expect(server.sent('chat:history')).toEqual([
			{ room: ROOM, before: '1642440000000-1', limit: 50 }
		]);
		expect(chat.messages.map((m) => m.id)).toEqual(['m-oud', 'm-hallo', 'm-reactie']);
		expect(chat.hasMore).toBe(false);
	});

	it('says why the room could not be joined, as a code', async () => {
		const server = fakeTransport({
			'chat:join': () => ({ ok: false, error: 'banned from this chat', code: 'banned' })
		});
		const chat = new ChatRoomState(ROOM, server.transport, 'user-bert', memoryOutbox());
		chat.start();
		await vi.waitFor(() => expect(chat.error).toBe('banned'));
		expect(chat.messages).toEqual([]);
	});

	it('stopping leaves the chat and stops following it', async () => {
		const { chat, server, stop } = setup();
		await vi.waitFor(() => expect(chat.messages).toHaveLength(2));
		stop();
		expect(server.sent('chat:leave')).toEqual([{ room: ROOM }]);
		expect(server.listening()).toBe(0);
		server.emit('chat:lines', [ROOM, lineOf(message('m-later', 9))]);
		expect(chat.messages).toHaveLength(2);
		// A reconnect after leaving asks for nothing any more.
		const requests = server.requests.length;
		server.reconnect();
		expect(server.requests.length).toBe(requests);
	});
});
