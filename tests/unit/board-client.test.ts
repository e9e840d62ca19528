import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BoardClient } from '../../src/lib/client/board.svelte.ts';
import type { Realtime } from '../../src/lib/client/realtime.svelte.ts';
import { ServerClock } from '../../src/lib/client/server-clock.svelte.ts';
import type { BoardSelf, CommittedOp } from '../../src/lib/shared/board/schema.ts';
import { moderatorSelf, testBoard } from '../support/board-fixtures.ts';
import { fakeTransport, MemoryStorage } from '../support/fake-transport.ts';

/*
 * BoardClient is what the board components read: BoardSync's state mirrored as Svelte state, the
 * typing indicator that expires by itself, and the outbox in localStorage. Ordering and
 * reconciling: board-sync.test.ts; against the server: tests/integration/boards.test.ts.
 */

const SESSION = 'brainstorm-1';
const board = testBoard({ session: SESSION, version: 4 });

let storage: MemoryStorage;
beforeEach(() => {
	storage = new MemoryStorage();
	vi.stubGlobal('localStorage', storage);
});
afterEach(() => {
	vi.unstubAllGlobals();
	vi.useRealTimers();
});

function setup(self: BoardSelf = moderatorSelf, answers: Parameters<typeof fakeTransport>[0] = {}) {
	const server = fakeTransport({
		'board:join': () => ({ ok: true, board, self }),
		'board:op': () => ({ ok: true, version: 5, duplicate: false }),
		...answers
	});
	const clock = new ServerClock(Date.parse('2022-01-17T19:30:00Z'));
	const client = new BoardClient(server.transport as unknown as Realtime, clock, SESSION);
	const stop = client.start();
	return { server, client, clock, stop };
}

describe('BoardClient', () => {
	it('joins the board and shows it, with who I am on it and who else is there', async () => {
		const { client, server } = setup();
		await vi.waitFor(() => expect(client.board?.version).toBe(4));
		expect(server.sent('board:join')).toEqual([{ session: SESSION }]);
		expect(client.self).toEqual(moderatorSelf);
		expect(client.people).toEqual([]);
		server.emit('board:presence', { session: SESSION, people: ['Anna', 'Bert'] });
		server.emit('board:presence', { session: 'brainstorm-2', people: ['Cas'] });
		expect(client.people).toEqual(['Anna', 'Bert']);
	});

	it('my operation shows at once, pending until the server’s order of it arrives', async () => {
		const { client, server } = setup();
		await vi.waitFor(() => expect(client.board).toBeDefined());
		const submitted = client.submit({ type: 'phase', to: 'collect' });
		expect(client.board?.phase).toBe('collect');
		expect(client.pending).toBe(1);
		expect(await submitted).toEqual({ ok: true, version: 5 });
		const [{ op }] = server.sent('board:op') as [{ op: CommittedOp['op'] }];
		server.emit('board:op', { session: SESSION, op: { version: 5, at: 1, by: 'auteur-mod', op } });
		expect(client.pending).toBe(0);
		expect(client.board?.phase).toBe('collect');
		expect(client.board?.version).toBe(5);
	});

	it('a refusal of the server undoes the change and shows as an error until dismissed', async () => {
		const { client } = setup(moderatorSelf, {
			'board:op': () => ({ ok: false, error: 'not allowed here', code: 'forbidden' })
		});
		await vi.waitFor(() => expect(client.board).toBeDefined());
		const outcome = await client.submit({ type: 'phase', to: 'collect' });
		expect(outcome).toMatchObject({ ok: false, code: 'forbidden' });
		expect(client.board?.phase).toBe('prepare');
		expect(client.pending).toBe(0);
		expect(client.error).toMatchObject({ code: 'forbidden' });
		client.dismissError();
		expect(client.error).toBeUndefined();
	});

	it('a board rule refuses before anything is sent (only the moderator changes the phase)', async () => {
		const participant: BoardSelf = {
			author: 'auteur-bert',
			voter: 'stemmer-bert',
			name: 'Bert',
			moderator: false
		};
		const { client, server } = setup(participant);
		await vi.waitFor(() => expect(client.board).toBeDefined());
		await client.submit({ type: 'phase', to: 'collect' });
		expect(server.sent('board:op')).toEqual([]);
		expect(client.error?.code).toBe('board_rule');
		expect(client.error?.rule?.code).toBe('moderator-only');
	});

	it('someone typing shows for four seconds and then goes by itself', async () => {
		vi.useFakeTimers({ now: Date.parse('2030-05-01T08:00:00Z') });
		const { client, server, clock } = setup();
		const stopClock = clock.start();
		await vi.advanceTimersByTimeAsync(0);
		server.emit('board:typing', { session: SESSION, key: 'k-anna', name: 'Anna' });
		server.emit('board:typing', { session: 'brainstorm-2', key: 'k-cas', name: 'Cas' });
		expect(client.typing.map((t) => t.name)).toEqual(['Anna']);
		await vi.advanceTimersByTimeAsync(3_000);
		expect(client.typing.map((t) => t.name)).toEqual(['Anna']);
		await vi.advanceTimersByTimeAsync(2_000);
		expect(client.typing.map((t) => t.name)).toEqual([]);
		stopClock();
	});

	it('typing a note tells the server', async () => {
		const { client, server } = setup();
		client.typingNote();
		expect(server.sent('board:typing')).toEqual([{ session: SESSION }]);
	});

	it('what was not acknowledged survives a reload and is sent once the board is back', async () => {
		// The server is away: the operation gets no answer.
		const away = setup(moderatorSelf, { 'board:op': () => new Promise(() => {}) });
		await vi.waitFor(() => expect(away.client.board).toBeDefined());
		void away.client.submit({ type: 'phase', to: 'collect' });
		const [{ op }] = away.server.sent('board:op') as [{ op: { id: string } }];
		expect(JSON.parse(storage.getItem('plenair:board-outbox:brainstorm-1:auteur-mod')!)).toEqual([
			{ id: op.id, type: 'phase', to: 'collect' }
		]);
		away.stop();

		// The page is loaded again and the server answers.
		const back = setup();
		await vi.waitFor(() => expect(back.server.sent('board:op')).toHaveLength(1));
		expect(back.server.sent('board:op')).toEqual([
			{ session: SESSION, op: { id: op.id, type: 'phase', to: 'collect' } }
		]);
		await vi.waitFor(() =>
			expect(storage.getItem('plenair:board-outbox:brainstorm-1:auteur-mod')).toBeNull()
		);
	});

	it('stopping leaves the board and stops following it', async () => {
		const { client, server, stop } = setup();
		await vi.waitFor(() => expect(client.board).toBeDefined());
		stop();
		expect(server.sent('board:leave')).toEqual([{ session: SESSION }]);
		expect(server.listening()).toBe(0);
	});
});
