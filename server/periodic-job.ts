import type { Logger } from 'pino';

/**
 * A job run every `ms` on this node: never two runs at once, and a failing run (Redis away) is
 * logged once until a run succeeds again; Redis's own connection logs the outage too.
 */
export class PeriodicJob {
	readonly #what: string;
	readonly #ms: number;
	readonly #job: () => Promise<void>;
	readonly #log: Logger;
	#timer: NodeJS.Timeout | undefined;
	#running = false;
	#failing = false;

	constructor(what: string, ms: number, job: () => Promise<void>, logger: Logger) {
		this.#what = what;
		this.#ms = ms;
		this.#job = job;
		this.#log = logger;
	}

	start(): void {
		this.#timer = setInterval(() => void this.run(), this.#ms);
		this.#timer.unref();
	}

	stop(): void {
		clearInterval(this.#timer);
	}

	async run(): Promise<void> {
		if (this.#running) return;
		this.#running = true;
		try {
			await this.#job();
			this.#failing = false;
		} catch (error) {
			if (!this.#failing) this.#log.warn({ err: (error as Error).message }, this.#what);
			this.#failing = true;
		} finally {
			this.#running = false;
		}
	}
}
