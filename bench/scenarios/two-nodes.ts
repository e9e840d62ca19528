import { fanout, type FanoutRow } from './chat-fanout.ts';
import { plenairTarget, twoAppNodes } from '../lib/targets.ts';

/**
 * Cross-node delivery: listeners on node B, the sender on node A, Redis between them; against
 * the same load on one node.
 */
export async function twoNodes(
	listeners: number,
	rate: number,
	seconds: number
): Promise<FanoutRow[]> {
	const [nodeA, nodeB] = await twoAppNodes();
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
