import { createAdapter, createShardedAdapter } from '@socket.io/redis-adapter';
import { createAdapter as createStreamsAdapter } from '@socket.io/redis-streams-adapter';
import type { Redis } from 'ioredis';
import type { ServerOptions } from 'socket.io';

export type SocketAdapterKind = 'pubsub' | 'sharded' | 'streams';

/**
 * The Socket.IO adapter that carries broadcasts between app nodes, all three maintained by
 * Socket.IO on Redis: classic pub/sub (one channel for every broadcast), sharded pub/sub (a
 * channel per room, Redis 7) or Redis Streams. `connections` are this adapter's own Redis
 * connections (duplicates of the app's), closed with the server. The figures that chose the
 * default are in docs/benchmarks.md.
 */
export function socketAdapter(
	kind: SocketAdapterKind,
	redis: Redis
): { adapter: ServerOptions['adapter']; connections: Redis[] } {
	if (kind === 'streams') {
		const client = redis.duplicate();
		return { adapter: createStreamsAdapter(client), connections: [client] };
	}
	const pub = redis.duplicate();
	const sub = redis.duplicate();
	return {
		adapter:
			kind === 'sharded'
				? createShardedAdapter(pub, sub, { subscriptionMode: 'dynamic' })
				: createAdapter(pub, sub),
		connections: [pub, sub]
	};
}
