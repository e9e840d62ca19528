import { BinaryWriter } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { decodeLivekitNode, roomsOnGoneNodes } from '../../src/lib/server/livekit-nodes.ts';

/** A `livekit.Node` as livekit-server writes it: id, ip, num_cpus, stats, state, region. */
function nodeBytes(id: string, startedAt: number, updatedAt: number): Uint8Array {
	const stats = new BinaryWriter()
		.tag(1, 0)
		.int64(startedAt)
		.tag(2, 0)
		.int64(updatedAt)
		.tag(3, 0)
		.uint32(4) // num_rooms
		.finish();
	return new BinaryWriter()
		.tag(1, 2)
		.string(id)
		.tag(2, 2)
		.string('127.0.0.1')
		.tag(3, 0)
		.uint32(2)
		.tag(4, 2)
		.bytes(stats)
		.tag(6, 0)
		.int32(1)
		.tag(7, 2)
		.string('eu-west')
		.finish();
}

describe('LiveKit node records', () => {
	it('reads the id and when the stats were last written, skipping every other field', () => {
		expect(decodeLivekitNode(nodeBytes('ND_abc', 1_796_368_781, 1_796_368_783))).toEqual({
			id: 'ND_abc',
			updatedAt: 1_796_368_783
		});
	});

	it('a node that has not written stats yet reads as 0', () => {
		const bytes = new BinaryWriter().tag(1, 2).string('ND_new').finish();
		expect(decodeLivekitNode(bytes)).toEqual({ id: 'ND_new', updatedAt: 0 });
	});
});

describe('rooms on gone nodes', () => {
	const now = 1000;
	const nodes = [
		{ id: 'ND_live', updatedAt: 998 },
		{ id: 'ND_stale', updatedAt: 995 },
		{ id: 'ND_borderline', updatedAt: 996 },
		{ id: 'ND_starting', updatedAt: 0 }
	];

	it('are the rooms whose node wrote its stats 5 s ago or longer, or is no longer listed', () => {
		const gone = roomsOnGoneNodes(
			nodes,
			{
				'ev--a': 'ND_live',
				'ev--b': 'ND_stale',
				'ev--c': 'ND_borderline',
				'ev--d': 'ND_starting',
				'ev--e': 'ND_unlisted'
			},
			now
		);
		expect([...gone]).toEqual([
			['ev--b', 'ND_stale'],
			['ev--e', 'ND_unlisted']
		]);
	});

	it('none without multi-node LiveKit (nothing in Redis)', () => {
		expect(roomsOnGoneNodes([], {}, now).size).toBe(0);
	});
});
