import { BinaryReader, WireType } from '@bufbuild/protobuf';

/**
 * What LiveKit's multi-node mode keeps in its Redis (livekit-server's routing package): every
 * node's record, a protobuf `livekit.Node`, under its id, and the node that holds each room.
 */
export const LIVEKIT_REDIS_KEYS = { nodes: 'nodes', roomNodes: 'room_node_map' } as const;

/**
 * A node writes its stats every 2 s; once they are this old, LiveKit places the room anew at the
 * next join (its selector's `AvailableSeconds`).
 */
export const NODE_GONE_AFTER_SECONDS = 5;

export interface LivekitNode {
	id: string;
	/** When the node last wrote its stats, in Unix seconds (0: not yet, and LiveKit counts it alive). */
	updatedAt: number;
}

/** `livekit.Node`: id is field 1, stats field 4; in `NodeStats`, updated_at is field 2. */
export function decodeLivekitNode(bytes: Uint8Array): LivekitNode {
	const node: LivekitNode = { id: '', updatedAt: 0 };
	const reader = new BinaryReader(bytes);
	while (reader.pos < reader.len) {
		const [field, wireType] = reader.tag();
		if (field === 1 && wireType === WireType.LengthDelimited) node.id = reader.string();
		else if (field === 4 && wireType === WireType.LengthDelimited) {
			const stats = new BinaryReader(reader.bytes());
			while (stats.pos < stats.len) {
				const [statsField, statsType] = stats.tag();
				if (statsField === 2 && statsType === WireType.Varint)
					node.updatedAt = Number(stats.int64());
				else stats.skip(statsType);
			}
		} else reader.skip(wireType);
	}
	return node;
}

/**
 * The rooms held by a node that is gone, each with that node's id: its stats are too old, or it
 * is no longer listed at all.
 */
export function roomsOnGoneNodes(
	nodes: LivekitNode[],
	roomNodes: Record<string, string>,
	nowSeconds: number
): Map<string, string> {
	const alive = new Set(
		nodes
			.filter((n) => n.updatedAt === 0 || nowSeconds - n.updatedAt < NODE_GONE_AFTER_SECONDS)
			.map((n) => n.id)
	);
	return new Map(Object.entries(roomNodes).filter(([, node]) => !alive.has(node)));
}
