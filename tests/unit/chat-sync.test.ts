import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChatSync } from '../../src/lib/client/chat-sync.ts';
import { lineOf } from '../../src/lib/shared/chat/lines.ts';
import type { ChatMessage } from '../../src/lib/shared/realtime/chat.ts';
import type { Refusal } from '../../src/lib/shared/realtime/errors.ts';
import { RESEND_MS } from '../../src/lib/shared/realtime/outbox.ts';
import type { RealtimeTransport } from '../../src/lib/shared/realtime/transport.ts';
import { chatMessage } from '../support/chat-fixtures.ts';

const ROOM = 'breakout-1';

const message = (id: string, seq: number, text = id): ChatMessage =>
	chatMessage({ id, streamId: `1000-${seq}`, room: ROOM, text, at: seq });

/**
 * A server in memory: answers the next `chat:send` with the queued refusals first, keeps the
 * room's messages, and lets the test reconnect the client.
 */
function fakeServer() {
	const stored: ChatMessage[] = [];
	const refusals: Refusal[] = [];
	const sends: string[] = [];
	const listeners = new Map<string, ((payload: unknown) => void)[]>();
	const emit = (event: string, payload: unknown) =>
		listeners.get(event)?.forEach((handler) => handler(payload));
	/** Off: the connection drops between the ack and the broadcast. */
	let broadcast = true;
	let connect: () => void = () => {};
	const request = (async (event: string, payload: Record<string, unknown>) => {
		if (event === 'chat:join')
			return {
				ok: true,
				messages: stored.slice(-2),
				questions: [],
				slowModeSeconds: 0,
				hasMore: false
			};
		if (event === 'chat:since') {
			const after = Number(String(payload.after).split('-')[1]);
			return {
				ok: true,
				messages: stored.filter((m) => Number(m.streamId.split('-')[1]) > after),
				complete: true
			};
		}
		if (event === 'chat:send') {
			sends.push(String(payload.id));
			const refused = refusals.shift();
			if (refused) return refused;
			const existing = stored.find((m) => m.id === payload.id);
			if (existing) return { ok: true, id: existing.id, streamId: existing.streamId };
			const m = message(String(payload.id), stored.length + 1, String(payload.text));
			stored.push(m);
			if (broadcast) emit('chat:lines', [ROOM, lineOf(m)]);
			return { ok: true, id: m.id, streamId: m.streamId };
		}
		return { ok: true };
	}) as RealtimeTransport['request'];
	const transport: RealtimeTransport = {
		request,
		on: (event, handler) => {
			const list = listeners.get(event) ?? [];
			list.push(handler as (payload: unknown) => void);
			listeners.set(event, list);
			return () => {};
		},
		onConnect: (handler) => {
			connect = handler;
			handler();
			return () => {};
		}
	};
	return {
		transport,
		stored,
		refusals,
		sends,
		reconnect: () => connect(),
		muteBroadcasts: () => (broadcast = false),
		emit,
		/** Another person's message, stored while this client may be away. */
		storeOther: (id: string) => stored.push(message(id, stored.length + 1))
	};
}

afterEach(() => vi.useRealTimers());

describe('ChatSync', () => {
	it('resends a refusal marked retry, with the same id, after RESEND_MS', async () => {
		vi.useFakeTimers();
		const server = fakeServer();
		const chat = new ChatSync(ROOM, server.transport);
		chat.start();
		await vi.advanceTimersByTimeAsync(0);
		server.refusals.push({
			ok: false,
			error: 'slow down: try again in 1 s',
			code: 'rate_limited',
			retry: true
		});
		const id = chat.send('hallo');
		await vi.advanceTimersByTimeAsync(0);
		expect(server.sends).toEqual([id]);
		expect(chat.pending.map((p) => p.id)).toEqual([id]);
		await vi.advanceTimersByTimeAsync(RESEND_MS);
		expect(server.sends).toEqual([id, id]);
		expect(chat.pending).toEqual([]);
		expect(chat.messages.get(id)?.text).toBe('hallo');
	});

	it('keeps a refusal without retry as not sent, with its code, and never resends it', async () => {
		vi.useFakeTimers();
		const server = fakeServer();
		const chat = new ChatSync(ROOM, server.transport);
		chat.start();
		await vi.advanceTimersByTimeAsync(0);
		// The English text resembles a transient one; only `retry` may decide.
		server.refusals.push({ ok: false, error: 'slow down, you are muted', code: 'muted' });
		const id = chat.send('stil');
		await vi.advanceTimersByTimeAsync(RESEND_MS * 3);
		expect(server.sends).toEqual([id]);
		expect(chat.pending).toEqual([
			{ id, kind: 'message', text: 'stil', error: 'slow down, you are muted', code: 'muted' }
		]);
	});

	it('fills in what was missed after a reconnect, each message once and in order', async () => {
		const server = fakeServer();
		const chat = new ChatSync(ROOM, server.transport);
		chat.start();
		server.storeOther('a');
		server.reconnect();
		await vi.waitFor(() => expect(chat.messages.has('a')).toBe(true));
		// Away: five messages arrive, more than the two a join returns.
		for (const id of ['b', 'c', 'd', 'e', 'f']) server.storeOther(id);
		server.reconnect();
		await vi.waitFor(() => expect(chat.messages.size).toBe(6));
		expect(chat.sorted().map((m) => m.id)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
	});

	it('reports why the room could not be joined as a code', async () => {
		const server = fakeServer();
		const refusing: RealtimeTransport = {
			...server.transport,
			request: (async () => ({
				ok: false,
				error: 'not allowed',
				code: 'forbidden'
			})) as RealtimeTransport['request']
		};
		const chat = new ChatSync(ROOM, refusing);
		chat.start();
		await vi.waitFor(() => expect(chat.error).toBe('forbidden'));
		expect(chat.joined).toBe(false);
	});

	it('shows a stored message once: its line settles it, or the history after an ack without one', async () => {
		const server = fakeServer();
		const chat = new ChatSync(ROOM, server.transport);
		chat.start();
		await vi.waitFor(() => expect(chat.joined).toBe(true));
		const first = chat.send('met lijn');
		await vi.waitFor(() => expect(chat.pending).toEqual([]));
		expect(chat.messages.get(first)?.text).toBe('met lijn');

		// Acknowledged, but the connection dropped before its line came: kept, and never resent.
		server.muteBroadcasts();
		const second = chat.send('zonder lijn');
		await vi.waitFor(() => expect(chat.pending[0]?.streamId).toBe('1000-2'));
		expect(chat.messages.has(second)).toBe(false);
		server.reconnect();
		await vi.waitFor(() => expect(chat.pending).toEqual([]));
		expect(chat.messages.get(second)?.text).toBe('zonder lijn');
		expect(server.sends).toEqual([first, second]);
	});

	it('takes the lines of a frame in order, keeps what it knows, and skips other rooms', async () => {
		const server = fakeServer();
		const chat = new ChatSync(ROOM, server.transport);
		chat.start();
		await vi.waitFor(() => expect(chat.joined).toBe(true));
		const [a, b] = [message('a', 1), message('b', 2)];
		server.emit('chat:lines', [ROOM, lineOf(a), lineOf(b)]);
		server.emit('chat:lines', ['elders', lineOf(message('c', 3))]);
		expect(chat.sorted().map((m) => m.id)).toEqual(['a', 'b']);
		// A change, then the same line again (read with the history and broadcast): the change stays.
		server.emit('chat:changed', { room: ROOM, id: 'a', votes: 3 });
		server.emit('chat:lines', [ROOM, lineOf(a)]);
		expect(chat.messages.get('a')).toMatchObject({ votes: 3, text: 'a' });
		server.emit('chat:changed', { room: ROOM, id: 'b', deleted: true });
		expect(chat.messages.get('b')).toMatchObject({ deleted: true, text: '', votes: 0 });
	});
});
