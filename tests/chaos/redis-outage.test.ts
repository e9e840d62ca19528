import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RunningRedis } from '../../server/children/redis-server.ts';
import { ChatSync } from '../../src/lib/client/chat-sync.ts';
import { chatKeys } from '../../src/lib/server/redis-keys.ts';
import {
	BoardSync,
	newId,
	type NewOp,
	type SubmitOutcome
} from '../../src/lib/shared/board/sync.ts';
import type { BoardOp } from '../../src/lib/shared/board/schema.ts';
import { memoryOutbox } from '../../src/lib/shared/realtime/outbox.ts';
import { processGroupAlive, startApp, waitFor, type AppProcess } from '../support/app-process.ts';
import { cliInvite } from '../support/admin-cli.ts';
import { guestCookie, registerAndSignIn } from '../support/http.ts';
import { TestClient } from '../support/realtime-client.ts';

const ROOM = 'toolkit-energietransitie';
const BOARD = 'brainstorm-cooperatieve-tech';
const CLIENTS = 20;
const RATE_PER_SECOND = 50;
const VOTERS = 30;
const VOTES_EACH = 3;
const NOTES = 5;
const OUTAGE_MS = 10_000;

let dir: string;
let redis: RunningRedis;
let app: AppProcess;

beforeAll(async () => {
	dir = await mkdtemp(join(tmpdir(), 'plenair-chaos-'));
	redis = await startRedisServer({ bin: 'redis-server', dir });
	app = await startApp({
		NODE_ENV: 'test',
		PLENAIR_NOW: '2022-01-17T17:20:00+01:00',
		PLENAIR_GUEST_LIMIT_PER_IP: '1000',
		REDIS_URL: redis.url
	});
});
afterAll(async () => {
	await app?.stop();
	await redis?.child.stop();
	await rm(dir, { recursive: true, force: true });
});

async function person(name: string): Promise<TestClient> {
	const client = new TestClient(app.url, await guestCookie(app.url, name));
	await client.connected();
	return client;
}

/** A board in its vote phase with a few notes, opened by a moderator. */
async function boardReadyToVote(): Promise<string[]> {
	const moderator = await registerAndSignIn(app, 'chaos-mod@example.org', {
		invite: await cliInvite(app, 'moderator', { env: { REDIS_URL: redis.url } })
	});
	const client = new TestClient(app.url, moderator);
	await client.connected();
	const board = new BoardSync(client, BOARD, Date.now);
	const stop = board.start();
	await board.resync();
	const ok = async (op: NewOp) => {
		const reply = await board.submit(op);
		if (!reply.ok) throw new Error(reply.error);
	};
	await ok({
		type: 'settings',
		settings: {
			...board.confirmed!.settings,
			votesPerPerson: VOTES_EACH,
			multipleVotesPerNote: true
		}
	});
	await ok({ type: 'phase', to: 'collect' });
	for (let i = 0; i < NOTES; i++)
		await ok({ type: 'add-note', note: newId(), text: `Idee ${i}`, question: 0 });
	await ok({ type: 'phase', to: 'group' });
	await ok({ type: 'phase', to: 'vote' });
	const notes = board.board!.notes.map((n) => n.id);
	stop();
	client.close();
	return notes;
}

describe(`Redis killed with kill -9 for 10 s while ${CLIENTS} people chat and ${VOTERS} vote`, () => {
	it('keeps every acknowledged message and vote, and the outboxes deliver the rest', async () => {
		const clients = await Promise.all(
			Array.from({ length: CLIENTS }, (_, i) => person(`Chaos ${i}`))
		);
		const chats = clients.map((client) => new ChatSync(ROOM, client));
		chats.forEach((chat) => chat.start());
		expect(await waitFor(() => chats.every((c) => c.joined), 10_000)).toBe(true);

		const notes = await boardReadyToVote();
		const voterClients = await Promise.all(
			Array.from({ length: VOTERS }, (_, i) => person(`Stemmer ${i}`))
		);
		const boards = voterClients.map((client) => new BoardSync(client, BOARD, Date.now));
		boards.forEach((board) => board.start());
		await Promise.all(boards.map((board) => board.resync()));
		expect(boards.every((b) => b.confirmed?.phase === 'vote')).toBe(true);
		// One more person votes during the outage and reloads the page before Redis is back.
		const reloaderCookie = await guestCookie(app.url, 'Herlader');
		const outbox = memoryOutbox<BoardOp>();
		const beforeReload = new TestClient(app.url, reloaderCookie);
		await beforeReload.connected();
		const reloaderBoard = new BoardSync(beforeReload, BOARD, Date.now, () => {}, outbox);
		const stopBeforeReload = reloaderBoard.start();
		await reloaderBoard.resync();

		// Acknowledged = the server answered ok; ChatSync removes those from its outbox.
		const acknowledged = new Set<string>();
		for (const client of clients)
			client.on('chat:lines', ([room, ...lines]) => {
				if (room === ROOM) for (const [id] of lines) acknowledged.add(id);
			});
		const typed: string[] = [];
		let n = 0;
		const sender = setInterval(() => {
			const chat = chats[n % CLIENTS];
			typed.push(chat.send(`chaos ${n++}`));
		}, 1000 / RATE_PER_SECOND);
		// Votes spread over the 14 s around the outage; each submit retries until it lands.
		const votes: Promise<SubmitOutcome>[] = [];
		let v = 0;
		const voting = setInterval(
			() => {
				if (v >= VOTERS * VOTES_EACH) return;
				const voter = v % VOTERS;
				votes.push(boards[voter].submit({ type: 'vote', note: notes[v % NOTES], delta: 1 }));
				v++;
			},
			14_000 / (VOTERS * VOTES_EACH)
		);

		await new Promise((r) => setTimeout(r, 2000));
		redis.child.signal('SIGKILL');
		await redis.child.exited;
		void reloaderBoard.submit({ type: 'vote', note: notes[0], delta: 1 });
		await new Promise((r) => setTimeout(r, 2000));
		stopBeforeReload();
		beforeReload.close();
		const afterReload = new TestClient(app.url, reloaderCookie);
		const reloadedBoard = new BoardSync(afterReload, BOARD, Date.now, () => {}, outbox);
		reloadedBoard.start();
		await new Promise((r) => setTimeout(r, OUTAGE_MS - 2000));
		const votesWaiting = boards.reduce((sum, b) => sum + b.pendingCount, 0);
		redis = await startRedisServer({ bin: 'redis-server', dir, port: redis.port });
		await new Promise((r) => setTimeout(r, 2000));
		clearInterval(sender);
		// Every vote is cast, however late a loaded machine runs the timer.
		await waitFor(() => v >= VOTERS * VOTES_EACH, 30_000);
		clearInterval(voting);

		// Every message anyone typed ends up stored, once, and the outboxes empty themselves.
		expect(await waitFor(() => chats.every((c) => c.pending.length === 0), 60_000)).toBe(true);
		const check = new Redis(redis.url);
		const stored = await check.hkeys(chatKeys.room(ROOM).ids);
		const streamLength = await check.xlen(chatKeys.room(ROOM).stream);
		check.disconnect();
		expect(new Set(stored)).toEqual(new Set(typed));
		expect(streamLength).toBe(typed.length);
		for (const id of acknowledged) expect(stored).toContain(id);
		expect(typed.length).toBeGreaterThan(400);

		// Every vote was acknowledged in the end, once, and every client shows the same board.
		expect(votesWaiting).toBeGreaterThan(VOTERS);
		const outcomes = await Promise.all(votes);
		expect(outcomes.filter((o) => !o.ok)).toEqual([]);
		expect(outcomes).toHaveLength(VOTERS * VOTES_EACH);
		const fresh = await person('Controle');
		const final = await fresh.request('board:join', { session: BOARD });
		if (!final.ok) throw new Error(final.error);
		const total = Object.values(final.board.votes)
			.flatMap((byVoter) => Object.values(byVoter))
			.reduce((a, b) => a + b, 0);
		expect(total).toBe(VOTERS * VOTES_EACH + 1);
		expect(await waitFor(() => reloadedBoard.pendingCount === 0, 10_000)).toBe(true);
		expect(
			await waitFor(() => boards.every((b) => b.confirmed?.version === final.board.version), 20_000)
		).toBe(true);
		for (const board of boards) expect(board.confirmed).toEqual(final.board);
		[...clients, ...voterClients, fresh, afterReload].forEach((c) => c.close());
	}, 180_000);
});

describe('the local redis-server child', () => {
	it('is restarted by the app when it dies, with its data', async () => {
		const own = await startApp({ NODE_ENV: 'test' });
		try {
			const before = new Redis(own.redis!.url);
			await before.set('survives', 'yes');
			before.disconnect();
			process.kill(-own.redis!.processGroup!, 'SIGKILL');
			expect(await waitFor(() => !processGroupAlive(own.redis!.processGroup!), 5000)).toBe(true);
			expect(
				await waitFor(
					async () => (await fetch(`${own.url}/readyz`).catch(() => undefined))?.status === 200,
					20_000
				)
			).toBe(true);
			const after = new Redis(own.redis!.url);
			expect(await after.get('survives')).toBe('yes');
			after.disconnect();
		} finally {
			await own.stop();
		}
	}, 60_000);
});
