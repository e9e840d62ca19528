import { cpus } from 'node:os';
import hdr from 'hdr-histogram-js';
import type { Tally } from '../../src/lib/shared/polls/schema.ts';
import { cliInvite } from '../../tests/support/admin-cli.ts';
import type { AppProcess } from '../../tests/support/app-process.ts';
import { guestCookie, registerAndSignIn } from '../../tests/support/http.ts';
import { newHistogram } from '../lib/histogram.ts';
import { onSchedule, summarize, type LatencySummary } from '../lib/load.ts';
import { pin, pinTree, treeCpuSeconds } from '../lib/proc.ts';
import { WireClient } from '../lib/socketio-wire.ts';
import { BENCH_ROOM, bareTarget, inBatches, twoAppNodes } from '../lib/targets.ts';

export interface PollRow {
	target: string;
	people: number;
	seconds: number;
	ack: LatencySummary;
	refused: number;
	/** Clients whose last tally equals the server's final count. */
	sameTally: string;
	/** Tally frames a client received over the run (mean). */
	talliesPerClient: number;
	serverCpuPercent: number;
	generatorCpuPercent: number;
}

type Reply = { ok: boolean; error?: string; polls?: { poll: { id: string }; tally: Tally }[] };
const OPTIONS = ['Wonen', 'Energie', 'Voedsel', 'Zorg'];
/** How long the last tallies may take to land after the last ack. */
const SETTLE_MS = 3000;

/**
 * N people answer one poll within `seconds`, half through each of two app nodes sharing Redis
 * (the bare baseline: one Socket.IO process counting in memory). Measures each answer's ack from
 * its intended send time, and checks that every client's last tally is the server's final count.
 */
export async function pollStorm(
	kind: 'plenair' | 'bare',
	people: number,
	seconds: number
): Promise<PollRow> {
	let nodes: AppProcess[] = [];
	let bare: Awaited<ReturnType<typeof bareTarget>> | undefined;
	if (kind === 'plenair') nodes = await twoAppNodes();
	else bare = await bareTarget();
	const urls = kind === 'plenair' ? nodes.map((n) => n.url) : [bare!.url];
	const pids = kind === 'plenair' ? nodes.map((n) => n.pid) : [bare!.pid];
	for (const pid of pids) pinTree(pid, 0);
	pin(process.pid, cpus().length > 1 ? 1 : 0);
	try {
		const cookies =
			kind === 'plenair'
				? await inBatches(people, (i) => guestCookie(urls[i % 2], `Stemmer ${i}`))
				: Array.from({ length: people }, () => undefined);
		const moderatorCookie =
			kind === 'plenair'
				? await registerAndSignIn(nodes[0], 'bench-polls@example.org', {
						invite: await cliInvite(nodes[0], 'moderator')
					})
				: undefined;
		const latest: (Tally | undefined)[] = [];
		const frames: number[] = [];
		const clients = await inBatches(people, async (i) => {
			frames[i] = 0;
			const client = new WireClient(
				urls[i % urls.length],
				(event, payload) => {
					if (event !== 'poll:tally') return;
					frames[i]++;
					const { tally } = payload as { tally: Tally };
					if (!latest[i] || tally.version >= latest[i]!.version) latest[i] = tally;
				},
				cookies[i]
			);
			await client.ready;
			const joined = (await client.request('poll:join', { session: BENCH_ROOM })) as Reply;
			if (!joined.ok) throw new Error(`poll:join refused: ${joined.error}`);
			return client;
		});
		const moderator = new WireClient(urls[0], () => {}, moderatorCookie);
		await moderator.ready;
		const created = (await moderator.request('poll:create', {
			session: BENCH_ROOM,
			draft: { question: 'Waar begint u?', options: OPTIONS },
			open: true
		})) as { ok: boolean; error?: string; poll?: { id: string } };
		if (!created.ok) throw new Error(`poll:create refused: ${created.error}`);
		const poll = created.poll!.id;

		const ack = newHistogram();
		let refused = 0;
		const pending: Promise<void>[] = [];
		const cpu0 = pids.reduce((sum, pid) => sum + treeCpuSeconds(pid), 0);
		const load0 = process.cpuUsage();
		const began = Date.now();
		await onSchedule(people / seconds, seconds, (i, at) => {
			pending.push(
				clients[i]
					.request('poll:answer', {
						session: BENCH_ROOM,
						poll,
						answer: { choices: [`o${(i % OPTIONS.length) + 1}`] }
					})
					.then((r) => {
						if ((r as Reply).ok) ack.recordValue(Math.max(1, Date.now() - at));
						else refused++;
					})
			);
		});
		await Promise.all(pending);
		const elapsed = (Date.now() - began) / 1000;
		const cpu = pids.reduce((sum, pid) => sum + treeCpuSeconds(pid), 0) - cpu0;
		const load = process.cpuUsage(load0);

		// The server's final count, read fresh; then wait for every client's last tally to match.
		const final = (await moderator.request('poll:join', { session: BENCH_ROOM })) as Reply;
		const server = final.polls?.find((p) => p.poll.id === poll)?.tally;
		const equal = (t?: Tally) =>
			t !== undefined &&
			server !== undefined &&
			t.voters === server.voters &&
			JSON.stringify(t.counts) === JSON.stringify(server.counts);
		const deadline = Date.now() + SETTLE_MS;
		while (Date.now() < deadline && !latest.every(equal))
			await new Promise((r) => setTimeout(r, 50));
		const same = latest.filter(equal).length;
		clients.forEach((c) => c.close());
		moderator.close();
		return {
			target: kind === 'plenair' ? 'plenair (2 nodes)' : 'bare (1 process)',
			people,
			seconds,
			ack: summarize([hdr.encodeIntoCompressedBase64(ack)]),
			refused,
			sameTally: `${same}/${people}`,
			talliesPerClient: Math.round((frames.reduce((s, n) => s + n, 0) / people) * 10) / 10,
			serverCpuPercent: Math.round((cpu / elapsed) * 100),
			generatorCpuPercent: Math.round(((load.user + load.system) / 1e6 / elapsed) * 100)
		};
	} finally {
		pin(process.pid, -1);
		for (const node of nodes.reverse()) await node.stop();
		await bare?.stop();
	}
}
