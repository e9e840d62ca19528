import type { Child } from './child-process.ts';

/**
 * Keeps a child process running: when it exits without being asked to (a crash, a kill -9), it
 * is started again with the same settings (same port, same data), after a short back-off.
 */
export class Supervisor {
	readonly #name: string;
	readonly #restart: () => Promise<Child>;
	#current: Child;
	#stopped = false;

	constructor(name: string, current: Child, restart: () => Promise<Child>) {
		this.#name = name;
		this.#current = current;
		this.#restart = restart;
		void this.#watch();
	}

	get child(): Child {
		return this.#current;
	}

	async stop(): Promise<void> {
		this.#stopped = true;
		await this.#current.stop();
	}

	async #watch(): Promise<void> {
		for (let attempt = 0; ;) {
			const code = await this.#current.exited;
			if (this.#stopped) return;
			console.error(`[plenair] ${this.#name} exited (${code ?? 'signal'}); restarting`);
			for (;;) {
				await new Promise((r) => setTimeout(r, Math.min(500 * 2 ** attempt, 5000)));
				if (this.#stopped) return;
				try {
					this.#current = await this.#restart();
					attempt = 0;
					console.error(`[plenair] ${this.#name} is back (process group ${this.#current.pid})`);
					break;
				} catch (error) {
					attempt++;
					console.error(
						`[plenair] ${this.#name} restart failed: ${(error as Error).message.split('\n')[0]}`
					);
				}
			}
		}
	}
}
