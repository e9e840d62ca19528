import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChatRoomState } from '../../src/lib/client/chat.svelte.ts';
import type { RealtimeTransport } from '../../src/lib/shared/realtime/transport.ts';

/** localStorage as the browser has it (this unit project runs in Node). */
class MemoryStorage {
	readonly items = new Map<string, string>();
	getItem = (key: string) => this.items.get(key) ?? null;
	setItem = (key: string, value: string) => void this.items.set(key, value);
	removeItem = (key: string) => void this.items.delete(key);
}

/** A server that is away (every request unanswered) or present (joins and stores every send). */
function transport(reachable: boolean) {
	const sent: { id: string; text: string }[] = [];
	const request = (async (event: string, payload: { id: string; text: string; room: string }) => {
		if (!reachable)
			return { ok: false, error: 'no answer from the server', code: 'unavailable', retry: true };
		if (event === 'chat:join')
			return { ok: true, messages: [], questions: [], slowModeSeconds: 0, hasMore: false };
		if (event === 'chat:send') {
			sent.push({ id: payload.id, text: payload.text });
			return { ok: true, id: payload.id, streamId: `1-${sent.length}` };
		}
		return { ok: true };
	}) as RealtimeTransport['request'];
	const client: RealtimeTransport = {
		request,
		on: () => () => {},
		onConnect: (handler) => (handler(), () => {})
	};
	return { client, sent };
}

let storage: MemoryStorage;
beforeEach(() => {
	storage = new MemoryStorage();
	vi.stubGlobal('localStorage', storage);
});
afterEach(() => vi.unstubAllGlobals());

describe('the chat outbox belongs to one person on one browser', () => {
	it('a second person signing in on the same browser never sends the first one’s messages', async () => {
		// Anna types while the server is away, then leaves the browser (signs out).
		const away = transport(false);
		const anna = new ChatRoomState('breakout-1', away.client, 'user-anna');
		const stopAnna = anna.start();
		anna.send('Anna’s unsent message');
		await vi.waitFor(() => expect(anna.pending).toHaveLength(1));
		stopAnna();
		expect([...storage.items.keys()]).toEqual(['plenair:outbox:user-anna:breakout-1']);

		// Bert signs in on the same browser and opens the same room with the server back.
		const back = transport(true);
		const bert = new ChatRoomState('breakout-1', back.client, 'user-bert');
		expect(bert.pending).toEqual([]);
		const stopBert = bert.start();
		bert.send('Bert’s own message');
		await vi.waitFor(() => expect(back.sent).toHaveLength(1));
		expect(back.sent.map((m) => m.text)).toEqual(['Bert’s own message']);
		stopBert();
		// Anna's message is still waiting for her.
		expect(storage.items.has('plenair:outbox:user-anna:breakout-1')).toBe(true);

		// When Anna is back, hers is sent (once), from her own outbox.
		const annaAgain = new ChatRoomState('breakout-1', back.client, 'user-anna');
		expect(annaAgain.pending.map((p) => p.text)).toEqual(['Anna’s unsent message']);
		const stop = annaAgain.start();
		await vi.waitFor(() => expect(back.sent).toHaveLength(2));
		expect(back.sent[1]!.text).toBe('Anna’s unsent message');
		await vi.waitFor(() =>
			expect(storage.items.has('plenair:outbox:user-anna:breakout-1')).toBe(false)
		);
		stop();
	});

	it('keeps rooms apart for the same person', () => {
		const away = transport(false);
		const one = new ChatRoomState('room-a', away.client, 'user-anna');
		one.send('for room a');
		const other = new ChatRoomState('room-b', away.client, 'user-anna');
		expect(other.pending).toEqual([]);
		expect(new ChatRoomState('room-a', away.client, 'user-anna').pending).toHaveLength(1);
	});
});
