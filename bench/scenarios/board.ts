import { cpus } from 'node:os';
import hdr from 'hdr-histogram-js';
import { applyCommitted } from '../../src/lib/shared/board/logic.ts';
import type { Board, BoardOp, CommittedOp } from '../../src/lib/shared/board/schema.ts';
import { newId, type NewOp } from '../../src/lib/shared/board/sync.ts';
import { cliInvite } from '../../tests/support/admin-cli.ts';
import { registerAndSignIn } from '../../tests/support/http.ts';
import { newHistogram } from '../lib/histogram.ts';
import { onSchedule, summarize, type LatencySummary } from '../lib/load.ts';
import { pin, pinTree, treeCpuSeconds } from '../lib/proc.ts';
import { WireClient } from '../lib/socketio-wire.ts';
import { bareTarget, inBatches, plenairTarget } from '../lib/targets.ts';

export const BENCH_BOARD = 'brainstorm-cooperatieve-tech';
const VOTES_EACH = 2;
/** Participants that also apply every operation they receive, to compare with the server's board. */
const CHECKED = 10;

export interface BoardRow {
	target: string;
	participants: number;
	ops: number;
	opsPerSecond: number;
	commit: LatencySummary;
	delivery: LatencySummary;
	delivered: number;
	expected: number;
	refused: number;
	identical: string;
	serverCpuPercent: number;
	generatorCpuPercent: number;
}

type Reply = { ok: boolean; error?: string; board?: Board; version?: number };

/**
 * A brainstorm with N participants: each adds a note while collecting, then casts two votes, on a
 * fixed schedule. Measures each operation's commit (ack) latency and its delivery to every
 * participant, both from the intended send time, and checks that the boards end identical.
 */
export async function boardStorm(
	kind: 'plenair' | 'bare',
	participants: number,
	seconds: number
): Promise<BoardRow> {
	const plenair = kind === 'plenair' ? await plenairTarget() : undefined;
	const target = plenair ?? (await bareTarget());
	pinTree(target.pid, 0);
	pin(process.pid, cpus().length > 1 ? 1 : 0);
	try {
		const moderatorCookie = plenair
			? await registerAndSignIn(plenair.app, 'bench-mod@example.org', {
					invite: await cliInvite(plenair.app, 'moderator')
				})
			: undefined;
		const cookies = await target.attendees(participants);
		const commit = newHistogram();
		const delivery = newHistogram();
		const intendedAt = new Map<string, number>();
		let delivered = 0;
		let refused = 0;

		const received: CommittedOp[][] = [];
		const joined = await inBatches(participants, async (index) => {
			received[index] = [];
			const client = new WireClient(
				target.url,
				(event, payload) => {
					if (event !== 'board:op') return;
					const { op } = payload as { op: CommittedOp };
					if (index < CHECKED) received[index].push(op);
					const at = intendedAt.get(op.op.id);
					if (at === undefined) return;
					delivered++;
					delivery.recordValue(Math.max(1, Date.now() - at));
				},
				cookies[index]
			);
			await client.ready;
			const reply = (await client.request('board:join', { session: BENCH_BOARD })) as Reply;
			if (!reply.ok) throw new Error(`board:join refused: ${reply.error}`);
			return { client, board: reply.board };
		});
		const clients = joined.map((j) => j.client);

		const moderator = new WireClient(target.url, () => {}, moderatorCookie);
		await moderator.ready;
		const start = (await moderator.request('board:join', { session: BENCH_BOARD })) as Reply;
		const moderate = async (op: NewOp) => {
			const reply = (await moderator.request('board:op', {
				session: BENCH_BOARD,
				op: { id: newId(), ...op } as BoardOp
			})) as Reply;
			if (!reply.ok) throw new Error(`${op.type} refused: ${reply.error}`);
		};
		if (start.board)
			await moderate({
				type: 'settings',
				settings: {
					...start.board.settings,
					votesPerPerson: VOTES_EACH,
					multipleVotesPerNote: true
				}
			});
		await moderate({ type: 'phase', to: 'collect' });

		const cpu0 = treeCpuSeconds(target.pid);
		const load0 = process.cpuUsage();
		const began = Date.now();
		const pending: Promise<void>[] = [];
		const send = (client: WireClient, op: BoardOp, at: number) => {
			intendedAt.set(op.id, at);
			pending.push(
				client.request('board:op', { session: BENCH_BOARD, op }).then((r) => {
					if ((r as Reply).ok) commit.recordValue(Math.max(1, Date.now() - at));
					else refused++;
				})
			);
		};
		const notes: string[] = [];
		let ops = await onSchedule(participants / (seconds / 2), seconds / 2, (i, at) => {
			const note = newId();
			notes.push(note);
			send(clients[i], { id: newId(), type: 'add-note', note, text: `Idee ${i}`, question: 0 }, at);
		});
		await Promise.all(pending);
		await moderate({ type: 'phase', to: 'group' });
		await moderate({ type: 'phase', to: 'vote' });
		const votes = participants * VOTES_EACH;
		ops += await onSchedule(votes / (seconds / 2), seconds / 2, (i, at) =>
			send(
				clients[i % participants],
				{ id: newId(), type: 'vote', note: notes[(i * 7) % notes.length], delta: 1 },
				at
			)
		);
		await Promise.all(pending);
		await new Promise((r) => setTimeout(r, 1500)); // let the last deliveries land
		const elapsed = (Date.now() - began) / 1000;
		const load = process.cpuUsage(load0);

		// The boards that applied every operation they received match what the server now says.
		let same = 0;
		for (let i = 0; i < CHECKED && i < participants && moderatorCookie; i++) {
			let board = joined[i].board!;
			for (const op of received[i].sort((a, b) => a.version - b.version))
				if (op.version > board.version) board = applyCommitted(board, op);
			const fresh = (await clients[i].request('board:join', { session: BENCH_BOARD })) as Reply;
			if (JSON.stringify(board) === JSON.stringify(fresh.board)) same++;
		}
		clients.forEach((c) => c.close());
		moderator.close();

		return {
			target: kind,
			participants,
			ops,
			opsPerSecond: Math.round(ops / seconds),
			commit: summarize([hdr.encodeIntoCompressedBase64(commit)]),
			delivery: summarize([hdr.encodeIntoCompressedBase64(delivery)]),
			delivered,
			expected: ops * participants,
			refused,
			identical: moderatorCookie ? `${same}/${Math.min(CHECKED, participants)}` : '–',
			serverCpuPercent: Math.round(((treeCpuSeconds(target.pid) - cpu0) / elapsed) * 100),
			generatorCpuPercent: Math.round(((load.user + load.system) / 1e6 / elapsed) * 100)
		};
	} finally {
		pin(process.pid, -1);
		await target.stop();
	}
}
