import { afterEach, describe, expect, it, vi } from 'vitest';
import { applyCommitted, commitOp, initialBoard } from '../../src/lib/shared/board/logic.ts';
import type { Board, BoardOp, CommittedOp } from '../../src/lib/shared/board/schema.ts';
import { BoardSync } from '../../src/lib/shared/board/sync.ts';
import type { RealtimeTransport } from '../../src/lib/shared/realtime/transport.ts';
import { memoryOutbox, type Outbox } from '../../src/lib/shared/realtime/outbox.ts';
import { refusal, type Refusal } from '../../src/lib/shared/realtime/errors.ts';

const mod = { author: 'mod-a', voter: 'mod-v', moderator: true, name: 'Moderator' };

/** A server in memory: orders operations, and lets the test deliver its broadcasts. */
function fakeServer() {
	let board: Board = initialBoard('brainstorm-test', ['Vraag?']);
	const handlers = new Map<string, (payload: unknown) => void>();
	const sent: CommittedOp[] = [];
	let joins = 0;
	/** Answers to give before the real one, e.g. while the database is out of reach. */
	const outages: Refusal[] = [];
	const transport = {
		async request(event: string, payload: unknown) {
			const outage = outages.shift();
			if (outage) return outage;
			if (event === 'board:join') {
				joins++;
				return { ok: true, board, self: { ...mod } };
			}
			if (event === 'board:op') {
				const { op } = payload as { op: BoardOp };
				const committed = commitOp(board, op, mod, 1000 + board.version);
				board = applyCommitted(board, committed);
				sent.push(committed);
				return { ok: true, version: committed.version, duplicate: false };
			}
			return { ok: true };
		},
		on(event: string, handler: (payload: never) => void) {
			handlers.set(event, handler as (payload: unknown) => void);
			return () => handlers.delete(event);
		},
		onConnect(handler: () => void) {
			handler();
			return () => {};
		}
	} as unknown as RealtimeTransport;
	return {
		transport,
		deliver: (op: CommittedOp) => handlers.get('board:op')?.({ session: 'brainstorm-test', op }),
		sent,
		outages,
		get board() {
			return board;
		},
		get joins() {
			return joins;
		}
	};
}

type FakeServer = ReturnType<typeof fakeServer>;

/** A page's BoardSync on the fake server; `outbox` keeps what it has not sent yet. */
const newSync = (server: FakeServer, outbox?: Outbox<BoardOp>) =>
	new BoardSync(
		server.transport,
		'brainstorm-test',
		() => 0,
		() => {},
		outbox
	);

/** A page's BoardSync, started (it receives the broadcasts) and with the board loaded. */
async function openedSync(server: FakeServer) {
	const sync = newSync(server);
	sync.start();
	await sync.resync();
	return sync;
}

/** Another page's BoardSync that only sends: the fake server has one listener per event. */
async function sendingSync(server: FakeServer) {
	const other = newSync(server);
	await other.resync();
	return other;
}

afterEach(() => vi.useRealTimers());

describe('BoardSync', () => {
	it('shows its own operation at once and keeps it until the server order arrives', async () => {
		const server = fakeServer();
		const sync = await openedSync(server);
		const reply = await sync.submit({ type: 'phase', to: 'collect' });
		expect(reply).toEqual({ ok: true, version: 1 });
		expect(sync.board?.phase).toBe('collect');
		expect(sync.confirmed?.version).toBe(0);
		server.deliver(server.sent[0]);
		expect(sync.confirmed).toEqual(server.board);
		expect(sync.pendingCount).toBe(0);
	});

	it('applies versions in order, whatever order they arrive in', async () => {
		const server = fakeServer();
		const sync = await openedSync(server);
		const other = await sendingSync(server);
		for (const to of ['collect', 'group', 'vote'] as const)
			await other.submit({ type: 'phase', to });
		const [v1, v2, v3] = server.sent;
		server.deliver(v3);
		server.deliver(v2);
		expect(sync.confirmed?.version).toBe(0);
		server.deliver(v1);
		server.deliver(v2);
		expect(sync.confirmed).toEqual(server.board);
	});

	it('fetches the whole board when a missing version does not come', async () => {
		vi.useFakeTimers();
		const server = fakeServer();
		const sync = await openedSync(server);
		const other = await sendingSync(server);
		await other.submit({ type: 'phase', to: 'collect' });
		await other.submit({ type: 'phase', to: 'group' });
		server.deliver(server.sent[1]);
		const joins = server.joins;
		await vi.advanceTimersByTimeAsync(1000);
		server.deliver(server.sent[1]);
		await vi.advanceTimersByTimeAsync(600);
		expect(server.joins).toBe(joins + 1);
		expect(sync.confirmed).toEqual(server.board);
	});

	it('keeps an operation pending through an outage and sends it again with the same id', async () => {
		vi.useFakeTimers();
		const server = fakeServer();
		const sync = await openedSync(server);
		server.outages.push(
			refusal('internal', 'internal error, please try again'),
			refusal('unavailable', 'no answer from the server')
		);
		const reply = sync.submit({ type: 'phase', to: 'collect' });
		await vi.advanceTimersByTimeAsync(0);
		expect(sync.pendingCount).toBe(1);
		expect(sync.board?.phase).toBe('collect');
		await vi.advanceTimersByTimeAsync(3000);
		expect(await reply).toEqual({ ok: true, version: 1 });
		expect(server.sent).toHaveLength(1);
	});

	it('drops an operation the server refuses for good', async () => {
		const server = fakeServer();
		const sync = await openedSync(server);
		server.outages.push({ ok: false, error: 'not allowed', code: 'forbidden' });
		expect(await sync.submit({ type: 'phase', to: 'collect' })).toEqual({
			ok: false,
			error: 'not allowed',
			code: 'forbidden'
		});
		expect(sync.pendingCount).toBe(0);
		expect(sync.lastError).toEqual({ message: 'not allowed', code: 'forbidden' });
	});

	it('sends again, after a reload, what an earlier page left unsent', async () => {
		vi.useFakeTimers();
		const server = fakeServer();
		const outbox = memoryOutbox<BoardOp>();
		const before = newSync(server, outbox);
		const stop = before.start();
		await before.resync();
		server.outages.push(
			...Array(5).fill({ ok: false, error: 'no answer', code: 'unavailable', retry: true })
		);
		void before.submit({ type: 'phase', to: 'collect' });
		await vi.advanceTimersByTimeAsync(2000);
		stop(); // the page goes away while the server is still out of reach
		expect(outbox.load(`brainstorm-test:${mod.author}`)).toHaveLength(1);
		server.outages.length = 0;

		const after = newSync(server, outbox);
		after.start();
		await vi.advanceTimersByTimeAsync(0);
		expect(server.sent.map((c) => c.op.type)).toEqual(['phase']);
		expect(outbox.load(`brainstorm-test:${mod.author}`)).toEqual([]);
	});
});
