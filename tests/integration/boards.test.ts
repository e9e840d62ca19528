import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { votesUsed } from '../../src/lib/shared/board/logic.ts';
import type { Board, BoardOp, NewOp } from '../../src/lib/shared/board/schema.ts';
import { BoardSync, newId } from '../../src/lib/shared/board/sync.ts';
import type {
	Ack,
	ClientEventName,
	ClientRequest,
	ClientResponse
} from '../../src/lib/shared/realtime/protocol.ts';
import {
	processGroupAlive,
	startApp,
	startSecondNode,
	waitFor,
	type AppProcess
} from '../support/app-process.ts';
import { cliInvite } from '../support/admin-cli.ts';
import { guestCookie, registerAndSignIn } from '../support/http.ts';
import { TestClient } from '../support/realtime-client.ts';

/*
 * Brainstorm boards through real processes: two app nodes sharing one Redis, 100 guests voting
 * at once, the phase and input rules, and a restart of every process in the middle.
 */

const NOW = '2022-01-17T17:20:00+01:00';
const LIVE = 'brainstorm-cooperatieve-tech';
const RULES = 'brainstorm-incubator';
const RESTART = 'brainstorm-overwaarde';
const PARTICIPANTS = 100;
const BUDGET = 3;

let nodeA: AppProcess;
let nodeB: AppProcess;
let moderatorCookie: string;
const guests: string[] = [];
const clients: Client[] = [];

/** A test client with the browser client's board logic (BoardSync). */
class Client extends TestClient {
	readonly boards = new Map<string, BoardSync>();
	#stops: (() => void)[] = [];

	constructor(app: AppProcess, cookie?: string) {
		super(app.url, cookie, { reconnection: false });
	}

	/** Waits longer than TestClient: a hundred voters arrive at once. */
	override request<E extends ClientEventName>(
		event: E,
		payload: ClientRequest<E>,
		timeoutMs = 20_000
	): Promise<Ack<ClientResponse<E>>> {
		return super.request(event, payload, timeoutMs);
	}

	/** Sends anything at all (for bad-input tests); no answer is a refusal, as for request. */
	override async raw(event: string, payload: unknown): Promise<Ack<Record<string, unknown>>> {
		return this.request(event as ClientEventName, payload as never) as Promise<
			Ack<Record<string, unknown>>
		>;
	}

	/** Opens a board the way the browser does, and waits for its first state. */
	async open(session: string): Promise<BoardSync> {
		await this.connected();
		const sync = new BoardSync(this, session, Date.now);
		this.boards.set(session, sync);
		this.#stops.push(sync.start());
		await sync.resync();
		if (!sync.confirmed) throw new Error(`could not open ${session}: ${sync.lastError?.message}`);
		return sync;
	}

	/** One operation sent as is, without the client's own checks. */
	op(session: string, op: NewOp & { id?: string }) {
		return this.request('board:op', {
			session,
			op: { id: newId(), ...op } as BoardOp
		});
	}

	override close(): void {
		this.#stops.forEach((stop) => stop());
		super.close();
	}
}

/** Waits until every client has applied the same version, then returns their boards. */
async function settled(syncs: BoardSync[], version: number): Promise<Board[]> {
	const ok = await waitFor(
		() => syncs.every((s) => s.confirmed?.version === version && s.pendingCount === 0),
		15_000
	);
	if (!ok) {
		const versions = syncs.map((s) => s.confirmed?.version);
		throw new Error(`clients did not reach version ${version}: ${versions.join(',')}`);
	}
	return syncs.map((s) => s.board!);
}

function expectOk<T>(reply: Ack<T>): asserts reply is { ok: true } & T {
	if (!reply.ok) throw new Error(`refused: ${reply.error}`);
}

beforeAll(async () => {
	nodeA = await startApp({ NODE_ENV: 'test', PLENAIR_NOW: NOW }, { keepDataDir: true });
	nodeB = await startSecondNode(nodeA, { NODE_ENV: 'test', PLENAIR_NOW: NOW });
	moderatorCookie = await registerAndSignIn(nodeA, 'moderator@example.org', {
		invite: await cliInvite(nodeA, 'moderator')
	});
	for (let batch = 0; batch < PARTICIPANTS / 25; batch++) {
		const cookies = await Promise.all(
			Array.from({ length: 25 }, (_, i) =>
				guestCookie(
					(batch % 2 ? nodeB : nodeA).url,
					`Gast ${batch * 25 + i + 1}`,
					`127.0.0.${10 + batch}`
				)
			)
		);
		guests.push(...cookies);
	}
}, 120_000);

afterAll(async () => {
	clients.forEach((c) => c.close());
	await nodeB?.stop();
	await nodeA?.stop();
});

const client = (app: AppProcess, cookie?: string) => {
	const c = new Client(app, cookie);
	clients.push(c);
	return c;
};

describe('one board, two nodes, a hundred voters at once', () => {
	it('never exceeds a vote budget, and every client ends with the same board', async () => {
		const moderator = client(nodeA, moderatorCookie);
		const modBoard = await moderator.open(LIVE);
		expect(modBoard.self?.moderator).toBe(true);
		const people = guests.map((cookie, i) => client(i % 2 ? nodeB : nodeA, cookie));
		const syncs = await Promise.all(people.map((p) => p.open(LIVE)));
		expect(syncs.every((s) => s.self?.moderator === false)).toBe(true);

		const settings = {
			...modBoard.confirmed!.settings,
			votesPerPerson: BUDGET,
			multipleVotesPerNote: true
		};
		expectOk(await modBoard.submit({ type: 'settings', settings }));
		const collect = await modBoard.submit({ type: 'phase', to: 'collect' });
		expectOk(collect);

		// Ten people add a note each, through the same client logic the browser uses.
		await settled(syncs, collect.version);
		const added = await Promise.all(
			syncs.slice(0, 10).map((s, i) =>
				s.submit({
					type: 'add-note',
					note: `idea-${i}-${newId()}`,
					text: `Idee ${i}`,
					question: 0
				})
			)
		);
		expect(added.every((r) => r.ok)).toBe(true);

		const group = await modBoard.submit({ type: 'phase', to: 'group' });
		expectOk(group);
		const groupId = newId();
		const grouped = await modBoard.submit({
			type: 'add-group',
			group: groupId,
			name: 'Samen bouwen'
		});
		expectOk(grouped);
		const notes = (await settled([modBoard, syncs[1]], grouped.version))[0].notes.map((n) => n.id);
		expect(notes).toHaveLength(10);
		expectOk(await syncs[1].submit({ type: 'move-note', note: notes[0], group: groupId }));
		const vote = await modBoard.submit({ type: 'phase', to: 'vote' });
		expectOk(vote);
		const start = await settled([...syncs, modBoard], vote.version);
		expect(start.every((b) => b.phase === 'vote' && b.notes.every((n) => n.text !== ''))).toBe(
			true
		);

		// Everyone fires BUDGET + 2 votes at once, half of them through each node, without the
		// client's own budget check; one op is also sent twice.
		const tries = BUDGET + 2;
		const replies = await Promise.all(
			people.flatMap((p, i) =>
				Array.from({ length: tries }, (_, k) =>
					p.op(LIVE, { type: 'vote', note: notes[(i + k) % 3], delta: 1 })
				)
			)
		);
		const accepted = replies.filter((r) => r.ok);
		const refused = replies.filter((r) => !r.ok);
		expect(accepted).toHaveLength(PARTICIPANTS * BUDGET);
		expect(refused).toHaveLength(PARTICIPANTS * (tries - BUDGET));
		expect(new Set(refused.map((r) => !r.ok && r.error))).toEqual(
			new Set([`you have used all ${BUDGET} of your votes`])
		);

		const repeatId = newId();
		const first = await people[0].op(LIVE, {
			id: repeatId,
			type: 'vote',
			note: notes[0],
			delta: -1
		});
		const again = await people[0].op(LIVE, {
			id: repeatId,
			type: 'vote',
			note: notes[0],
			delta: -1
		});
		expectOk(first);
		expectOk(again);
		expect(again).toMatchObject({ duplicate: true, version: first.version });

		// Every client (browser logic, both nodes) reaches the same version and the same board.
		const final = await settled([...syncs, modBoard], first.version);
		for (const board of final) expect(board).toEqual(final[0]);
		const fresh = await people[5].request('board:join', { session: LIVE });
		expectOk(fresh);
		expect(fresh.board).toEqual(final[0]);

		const board = final[0];
		const voters = new Set(Object.values(board.votes).flatMap((v) => Object.keys(v)));
		expect(voters.size).toBe(PARTICIPANTS);
		for (const voter of voters) expect(votesUsed(board, voter)).toBeLessThanOrEqual(BUDGET);
		const total = Object.values(board.votes)
			.flatMap((v) => Object.values(v))
			.reduce((a, b) => a + b, 0);
		expect(total).toBe(PARTICIPANTS * BUDGET - 1);
		// No handler failed on either node (a refusal is an answer, a failure is a log line).
		expect(nodeA.output() + nodeB.output()).not.toContain('"msg":"handler failed"');
	});
});

describe('phase and input rules', () => {
	it('takes notes only while collecting, and phase changes only from the moderator', async () => {
		const moderator = await client(nodeA, moderatorCookie).open(RULES);
		const anna = client(nodeB, guests[0]);
		const annaBoard = await anna.open(RULES);
		const bram = client(nodeA, guests[1]);
		const bramBoard = await bram.open(RULES);
		const version = () => moderator.confirmed!.version;

		expect(await anna.op(RULES, { type: 'phase', to: 'collect' })).toEqual({
			ok: false,
			error: 'not allowed',
			code: 'forbidden'
		});
		expect(
			await anna.op(RULES, { type: 'settings', settings: moderator.confirmed!.settings })
		).toMatchObject({ ok: false, error: 'not allowed' });
		expect(await moderator.submit({ type: 'phase', to: 'vote' })).toMatchObject({
			ok: false,
			rule: { code: 'phase-step' }
		});
		expect(
			await moderator.submit({ type: 'add-note', note: newId(), text: 'Te vroeg', question: 0 })
		).toMatchObject({ ok: false, rule: { code: 'wrong-phase' } });

		expectOk(await moderator.submit({ type: 'phase', to: 'collect' }));
		const note = newId();
		const added = await anna.op(RULES, {
			type: 'add-note',
			note,
			text: 'Een broedplaats',
			question: 0
		});
		expectOk(added);
		await settled([moderator, annaBoard, bramBoard], added.version);
		// Hidden until the reveal: Bram sees that there is a note, not what it says.
		expect(bramBoard.board!.notes[0]).toMatchObject({ id: note, text: '', hidden: true });
		expect(annaBoard.board!.notes[0]).toMatchObject({ id: note, text: 'Een broedplaats' });
		expect(await bram.op(RULES, { type: 'edit-note', note, text: 'Van mij' })).toMatchObject({
			ok: false,
			error: 'you can only change your own notes'
		});
		expect(await bram.op(RULES, { type: 'delete-note', note })).toMatchObject({ ok: false });

		const group = await moderator.submit({ type: 'phase', to: 'group' });
		expectOk(group);
		await settled([moderator, bramBoard], group.version);
		expect(bramBoard.board!.notes[0].text).toBe('Een broedplaats');
		const before = version();
		const late = await anna.op(RULES, {
			type: 'add-note',
			note: newId(),
			text: 'Te laat',
			question: 0
		});
		expect(late).toMatchObject({ ok: false });
		expect(!late.ok && late.error).toContain('collect');
		expect(await anna.op(RULES, { type: 'vote', note, delta: 1 })).toMatchObject({ ok: false });

		// The moderator goes back one phase: notes are welcome again.
		const back = await moderator.submit({ type: 'phase', to: 'collect' });
		expectOk(back);
		expect(back.version).toBe(before + 1);
		expectOk(
			await anna.op(RULES, { type: 'add-note', note: newId(), text: 'Toch nog', question: 0 })
		);
	});

	it('refuses bad input with a clear error and changes nothing', async () => {
		const anna = client(nodeA, guests[2]);
		const board = await anna.open(RULES);
		const version = board.confirmed!.version;
		const cases: [unknown, string][] = [
			[
				{
					session: RULES,
					op: { id: newId(), type: 'add-note', note: newId(), text: 'x'.repeat(281), question: 0 }
				},
				'invalid board:op: op.text'
			],
			[
				{
					session: RULES,
					op: { id: newId(), type: 'add-note', note: newId(), text: '   ', question: 0 }
				},
				'invalid board:op: op.text'
			],
			[
				{ session: RULES, op: { id: 'x', type: 'vote', note: newId(), delta: 1 } },
				'invalid board:op: op.id'
			],
			[
				{ session: RULES, op: { id: newId(), type: 'vote', note: newId(), delta: 5 } },
				'invalid board:op: op.delta'
			],
			[{ session: RULES, op: { id: newId(), type: 'explode' } }, 'invalid board:op: op.type'],
			[
				{ session: RULES, op: { id: newId(), type: 'delete-note', note: newId(), extra: 1 } },
				'invalid board:op: op'
			],
			['not an object', 'invalid board:op: payload'],
			[
				{ session: 'nope', op: { id: newId(), type: 'phase', to: 'collect' } },
				'unknown session "nope"'
			],
			[
				{
					session: 'toekomst-wooncooperatie',
					op: { id: newId(), type: 'delete-note', note: newId() }
				},
				'is not a brainstorm session'
			],
			[
				{ session: RULES, op: { id: newId(), type: 'delete-note', note: newId() } },
				'that note does not exist'
			]
		];
		for (const [payload, error] of cases) {
			const reply = await anna.raw('board:op', payload);
			expect(reply.ok, JSON.stringify(payload)).toBe(false);
			expect(!reply.ok && reply.error).toContain(error);
		}
		const stranger = client(nodeB);
		await stranger.connected();
		expect(await stranger.raw('board:join', { session: RULES })).toEqual({
			ok: false,
			error: 'sign in first',
			code: 'sign_in'
		});
		const after = await anna.request('board:join', { session: RULES });
		expectOk(after);
		expect(after.board.version).toBe(version);
	});
});

describe('a restart of every process', () => {
	it('brings the boards back whole', async () => {
		const moderatorClient = client(nodeB, moderatorCookie);
		const moderator = await moderatorClient.open(RESTART);
		const anna = client(nodeA, guests[3]);
		await anna.open(RESTART);
		expectOk(
			await moderator.submit({
				type: 'settings',
				settings: { ...moderator.confirmed!.settings, anonymous: false, votesPerPerson: 2 }
			})
		);
		expectOk(await moderator.submit({ type: 'phase', to: 'collect' }));
		for (const text of ['Grond in gemeenschapshanden', 'Revolverend fonds'])
			expectOk(await anna.op(RESTART, { type: 'add-note', note: newId(), text, question: 0 }));
		const modJoin = await moderatorClient.request('board:join', { session: RESTART });
		const annaJoin = await anna.request('board:join', { session: RESTART });
		const liveJoin = await anna.request('board:join', { session: LIVE });
		expectOk(modJoin);
		expectOk(annaJoin);
		expectOk(liveJoin);
		expect(annaJoin.board.notes.map((n) => n.text)).toEqual([
			'Grond in gemeenschapshanden',
			'Revolverend fonds'
		]);

		clients.forEach((c) => c.close());
		clients.length = 0;
		await nodeB.stop();
		expect(await nodeA.stop()).toBe(0);
		const children = [nodeA.redis!.processGroup!, nodeA.livekit!.processGroup];
		expect(await waitFor(() => !children.some(processGroupAlive), 10_000)).toBe(true);

		nodeA = await startApp({ NODE_ENV: 'test', PLENAIR_NOW: NOW }, { dataDir: nodeA.dataDir });
		nodeB = await startSecondNode(nodeA, { NODE_ENV: 'test', PLENAIR_NOW: NOW });
		const annaAgain = client(nodeB, guests[3]);
		const modAgain = client(nodeA, moderatorCookie);
		await Promise.all([annaAgain.connected(), modAgain.connected()]);
		expect(await annaAgain.request('board:join', { session: RESTART })).toEqual(annaJoin);
		expect(await modAgain.request('board:join', { session: RESTART })).toEqual(modJoin);
		expect(await annaAgain.request('board:join', { session: LIVE })).toEqual(liveJoin);

		// And it carries on where it was.
		const next = await annaAgain.op(RESTART, {
			type: 'add-note',
			note: newId(),
			text: 'Na de herstart',
			question: 0
		});
		expectOk(next);
		expect(next.version).toBe(modJoin.board.version + 1);
	});
});
