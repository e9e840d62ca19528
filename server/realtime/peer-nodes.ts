/** How often a node counts the nodes on the Redis adapter. */
const COUNT_EVERY_MS = 2000;
/** After a node announces itself, how long the others keep broadcasting through Redis whatever
 * the count says (its subscription may not be counted yet). */
const JOIN_GRACE_MS = 10_000;

/**
 * Whether this app node is alone on the Redis adapter. While it is, a broadcast that only its own
 * sockets can receive is emitted locally, skipping the encode, PUBLISH and decode of its own
 * message that the adapter would do. A node starting up announces itself (`joined` on the others)
 * before it takes connections, so none of its sockets can miss a broadcast; until the first count,
 * and whenever counting fails, a node assumes it has peers.
 */
export class PeerNodes {
	#alone = false;
	#graceUntil = 0;
	#epoch = 0;
	#timer: ReturnType<typeof setInterval> | undefined;
	readonly #count: () => Promise<number>;
	readonly #now: () => number;

	constructor(count: () => Promise<number>, now: () => number = Date.now) {
		this.#count = count;
		this.#now = now;
	}

	get alone(): boolean {
		return this.#alone;
	}

	start(): void {
		void this.recount();
		this.#timer = setInterval(() => void this.recount(), COUNT_EVERY_MS);
		this.#timer.unref();
	}

	stop(): void {
		clearInterval(this.#timer);
	}

	/** Another node announced itself: broadcast through Redis from now on. */
	joined(): void {
		this.#epoch++;
		this.#alone = false;
		this.#graceUntil = this.#now() + JOIN_GRACE_MS;
	}

	async recount(): Promise<void> {
		const epoch = this.#epoch;
		const nodes = await this.#count().catch(() => Infinity);
		// A count that started before a node announced itself may not include it.
		if (epoch !== this.#epoch || this.#now() < this.#graceUntil) return;
		this.#alone = nodes <= 1;
	}
}
