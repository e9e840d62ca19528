import type { Redis } from 'ioredis';
import { nodeKeys } from '../../src/lib/server/redis-keys.ts';
import { log } from '../../src/lib/server/log.ts';
import { PeriodicJob } from '../periodic-job.ts';

/** How often each node writes its count and compares. */
export const BALANCE_EVERY_MS = 5000;
/** A count older than this is a node that is gone. */
const STALE_AFTER_MS = 3 * BALANCE_EVERY_MS;
/** An excess up to this many connections, or this share of the mean, is left alone. */
const TOLERANCE_CONNECTIONS = 10;
const TOLERANCE_SHARE = 0.1;
/** At most this many, or this share of a node's connections, per tick: no reconnect storm. */
const BATCH_CONNECTIONS = 20;
const BATCH_SHARE = 0.1;

/**
 * How many of its connections a node hands off now: none while it holds about its share (the
 * mean of all live nodes), otherwise enough to shed its excess, at most a batch. A balancer that
 * spreads evenly over n nodes sends 1 in n of them back here, so the node hands off n/(n−1) times
 * its excess; what comes back anyway is handed off at the next tick.
 */
export function handOffCount(mine: number, others: number[]): number {
	if (!others.length) return 0;
	const nodes = others.length + 1;
	const mean = (mine + others.reduce((a, b) => a + b, 0)) / nodes;
	const excess = mine - mean;
	if (excess <= Math.max(TOLERANCE_CONNECTIONS, mean * TOLERANCE_SHARE)) return 0;
	const batch = Math.max(BATCH_CONNECTIONS, Math.floor(mine * BATCH_SHARE));
	return Math.min(Math.ceil((excess * nodes) / (nodes - 1)), batch);
}

/**
 * Evens out connections between app nodes. A balancer spreads new connections, but after a node
 * restarts, the people it dropped stay on the others (in the dress rehearsal: 920 against 60, so
 * the next crash would drop nine in ten). Every node writes its count to Redis; a node that holds
 * more than its share asks a few sockets per tick to connect again (`node:handoff`).
 */
export class ConnectionBalance {
	readonly #redis: Redis;
	readonly #node: string;
	readonly #count: () => number;
	readonly #handOff: (n: number) => void;
	readonly #now: () => number;
	readonly #job = new PeriodicJob(
		'connection balance',
		BALANCE_EVERY_MS,
		() => this.tick(),
		log('realtime')
	);

	constructor(deps: {
		redis: Redis;
		node: string;
		count: () => number;
		handOff: (n: number) => void;
		now?: () => number;
	}) {
		this.#redis = deps.redis;
		this.#node = deps.node;
		this.#count = deps.count;
		this.#handOff = deps.handOff;
		this.#now = deps.now ?? Date.now;
	}

	start(): void {
		void this.#job.run();
		this.#job.start();
	}

	/** Stops, and takes this node's count out at once (the others stop counting on it). */
	async stop(): Promise<void> {
		this.#job.stop();
		await this.#redis.hdel(nodeKeys.connections, this.#node).catch(() => undefined);
	}

	async tick(): Promise<void> {
		const now = this.#now();
		const mine = this.#count();
		// One round trip: write mine, read everyone's. The hash goes with the last node (no key
		// without an expiry).
		const replies = await this.#redis
			.multi()
			.hset(nodeKeys.connections, this.#node, `${mine} ${now}`)
			.pexpire(nodeKeys.connections, STALE_AFTER_MS)
			.hgetall(nodeKeys.connections)
			.exec();
		const [error, counts] = replies?.[2] ?? [new Error('the transaction was discarded')];
		if (error) throw error;
		const others: number[] = [];
		const gone: string[] = [];
		for (const [node, value] of Object.entries(counts as Record<string, string>)) {
			if (node === this.#node) continue;
			const [count, at] = value.split(' ').map(Number);
			if (now - at > STALE_AFTER_MS) gone.push(node);
			else others.push(count);
		}
		if (gone.length) await this.#redis.hdel(nodeKeys.connections, ...gone);
		const n = handOffCount(mine, others);
		if (n > 0) {
			log('realtime').info({ mine, others, handOff: n }, 'handing off connections');
			this.#handOff(n);
		}
	}
}
