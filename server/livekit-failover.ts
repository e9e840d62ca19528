import { roomNameFor } from '../src/lib/server/livekit.ts';
import {
	decodeLivekitNode,
	LIVEKIT_REDIS_KEYS,
	roomsOnGoneNodes
} from '../src/lib/server/livekit-nodes.ts';
import { log } from '../src/lib/server/log.ts';
import type { Services } from '../src/lib/server/services.ts';
import { PeriodicJob } from './periodic-job.ts';

const CHECK_MS = 2000;

/**
 * When a livekit-server node dies, the people in its rooms notice only when LiveKit's ping times
 * out (15–35 s without sound or picture). LiveKit itself places such a room on a live node at the
 * next join, once the dead node's stats are 5 s old. This watch reads LiveKit's node list in the
 * shared Redis every 2 s and tells the people on this app node's room pages to join again then,
 * once per room and dead node. Without multi-node LiveKit on this Redis it finds nothing to do.
 */
export class LivekitFailover {
	readonly #announced = new Set<string>();
	readonly #services: Pick<Services, 'event' | 'metrics' | 'redis'>;
	readonly #rejoin: (session: string) => void;
	readonly #nowSeconds: () => number;
	readonly #job = new PeriodicJob(
		'reading livekit nodes',
		CHECK_MS,
		() => this.check(),
		log('livekit')
	);

	constructor(
		services: Pick<Services, 'event' | 'metrics' | 'redis'>,
		rejoin: (session: string) => void,
		nowSeconds = () => Math.floor(Date.now() / 1000)
	) {
		this.#services = services;
		this.#rejoin = rejoin;
		this.#nowSeconds = nowSeconds;
	}

	start(): void {
		this.#job.start();
	}

	stop(): void {
		this.#job.stop();
	}

	async check(): Promise<void> {
		const { redis } = this.#services;
		const [nodes, roomNodes] = await Promise.all([
			redis.hgetallBuffer(LIVEKIT_REDIS_KEYS.nodes),
			redis.hgetall(LIVEKIT_REDIS_KEYS.roomNodes)
		]);
		const gone = roomsOnGoneNodes(
			Object.values(nodes).map((bytes) => decodeLivekitNode(bytes)),
			roomNodes,
			this.#nowSeconds()
		);
		const { event } = this.#services;
		const sessionOf = new Map(
			event.sessions.map((s) => [roomNameFor(event.event.slug, s.id), s.id])
		);
		const current = new Set<string>();
		for (const [room, node] of gone) {
			const key = `${room}\n${node}`;
			current.add(key);
			const session = sessionOf.get(room);
			if (this.#announced.has(key) || !session) continue;
			this.#announced.add(key);
			this.#services.metrics.mediaRejoins.inc();
			log('livekit').warn({ room, node }, 'livekit node gone: the room joins again');
			this.#rejoin(session);
		}
		// A room placed anew (or closed) may land on a dead node again later: forget it.
		for (const key of this.#announced) if (!current.has(key)) this.#announced.delete(key);
	}
}
