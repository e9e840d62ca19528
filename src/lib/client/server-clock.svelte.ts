import { createContext } from 'svelte';

/**
 * The programme clock in the browser: the server's "now" (which may be a demo or test instant,
 * or a rehearsal running faster), kept running by the browser's own clock and re-based whenever
 * the server tells us its time.
 */
export class ServerClock {
	now = $state(0);
	#base = 0;
	#localBase = 0;
	#speed = 1;
	readonly #localNow: () => number;

	constructor(serverNow: number, localNow: () => number = Date.now, speed = 1) {
		this.#localNow = localNow;
		this.sync(serverNow, 0, speed);
	}

	/** Re-base on a server reading; `rttMs` halves out the network delay when known. */
	sync(serverNow: number, rttMs = 0, speed = this.#speed): void {
		this.#speed = speed;
		this.#base = serverNow + (rttMs / 2) * speed;
		this.#localBase = this.#localNow();
		this.tick();
	}

	tick(): void {
		this.now = this.#base + (this.#localNow() - this.#localBase) * this.#speed;
	}

	/** Ticks every second (of programme time, at most ten times a second) until stopped. */
	start(intervalMs = 1000): () => void {
		const id = setInterval(() => this.tick(), Math.max(100, intervalMs / this.#speed));
		return () => clearInterval(id);
	}
}

export const [useServerClock, setServerClock] = createContext<ServerClock>();
