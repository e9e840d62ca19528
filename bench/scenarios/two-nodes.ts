import { fanout, type FanoutOptions, type FanoutRow } from './chat-fanout.ts';
import { plenairTarget, twoAppNodes } from '../lib/targets.ts';
import { startApp } from '../../tests/support/app-process.ts';
import { BENCH_ENV } from '../lib/targets.ts';

/** The Socket.IO adapters Plenair can run on (PLENAIR_SOCKET_ADAPTER). */
export const ADAPTERS = ['pubsub', 'sharded', 'streams'] as const;

/**
 * Cross-node delivery: listeners on node B, the sender on node A, Redis between them, once per
 * adapter; against the same load on one node. Every configuration gets fresh processes, and its
 * server figures count the same set: the node(s) with their Redis and LiveKit.
 */
export async function twoNodes(
	listeners: number,
	rate: number,
	options: Omit<FanoutOptions, 'serverPids' | 'stopAtFailure'>,
	adapters: readonly (typeof ADAPTERS)[number][] = ADAPTERS
): Promise<FanoutRow[]> {
	const rows: FanoutRow[] = [];
	const single = await startApp(BENCH_ENV);
	try {
		const target = await plenairTarget(single);
		rows.push(
			...(await fanout(target, listeners, [rate], options)).map((r) => ({
				...r,
				target: 'one node'
			}))
		);
	} finally {
		await single.stop();
	}
	for (const adapter of adapters) {
		const [nodeA, nodeB] = await twoAppNodes({ PLENAIR_SOCKET_ADAPTER: adapter });
		try {
			const onA = await plenairTarget(nodeA);
			const onB = await plenairTarget(nodeB);
			// Listeners join through node B; the sender writes through node A.
			const cross = await fanout({ ...onB, sender: onA.sender }, listeners, [rate], {
				...options,
				serverPids: [nodeA.pid, nodeB.pid]
			});
			rows.push(...cross.map((r) => ({ ...r, target: `two nodes, ${adapter} (A → B)` })));
		} finally {
			await nodeB.stop();
			await nodeA.stop();
		}
	}
	return rows;
}
