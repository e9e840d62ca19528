import { startApp } from '../../tests/support/app-process.ts';
import { TEST_LIVEKIT_KEY, TEST_LIVEKIT_SECRET } from '../../tests/support/app-process.ts';
import { fanout, type FanoutRow } from './chat-fanout.ts';
import { BENCH_ENV, plenairTarget } from '../lib/targets.ts';

/**
 * Cross-node delivery: listeners on node B, the sender on node A, Redis between them; against
 * the same load on one node.
 */
export async function twoNodes(
	listeners: number,
	rate: number,
	seconds: number
): Promise<FanoutRow[]> {
	const nodeA = await startApp(BENCH_ENV);
	const nodeB = await startApp({
		...BENCH_ENV,
		REDIS_URL: nodeA.redis!.url,
		LIVEKIT_URL: nodeA.livekit!.url,
		LIVEKIT_API_KEY: TEST_LIVEKIT_KEY,
		LIVEKIT_API_SECRET: TEST_LIVEKIT_SECRET
	});
	const single = await plenairTarget(nodeA);
	const one = await fanout({ ...single, name: 'plenair' }, listeners, [rate], seconds);

	const listenOnB = await plenairTarget(nodeB);
	// Listeners join through node B; the sender writes through node A.
	const cross = await fanout({ ...listenOnB, sender: single.sender }, listeners, [rate], seconds);
	await nodeB.stop();
	await nodeA.stop();
	return [
		{ ...one[0], target: 'one node' },
		{ ...cross[0], target: 'two nodes (A → Redis → B)' }
	];
}
