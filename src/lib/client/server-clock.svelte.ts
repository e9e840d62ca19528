import { createContext } from 'svelte';

/**
 * The programme clock in the browser: the server's "now" (which may be a demo or test instant),
 * kept running by the browser's own clock and re-based whenever the server tells us its time.
 */
export class ServerClock {
	now = $state(0);
	#offset = 0;
	readonly #localNow: () => number;

	constructor(serverNow: number, localNow: () => number = Date.now) {
		this.#localNow = localNow;
		this.sync(serverNow);
	}

	/** Re-base on a server reading; `rttMs` halves out the network delay when known. */
	sync(serverNow: number, rttMs = 0): void {
		this.#offset = serverNow + rttMs / 2 - this.#localNow();
		this.tick();
	}

	tick(): void {
		this.now = this.#localNow() + this.#offset;
	}

	/** Ticks every second until the returned function is called. */
	start(intervalMs = 1000): () => void {
		const id = setInterval(() => this.tick(), intervalMs);
		return () => clearInterval(id);
	}
}

export const [useServerClock, setServerClock] = createContext<ServerClock>();
