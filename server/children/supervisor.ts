import type { Child } from './child-process.ts';
import { log } from '../../src/lib/server/log.ts';

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
			log('children').error({ child: this.#name, code }, 'exited; restarting');
			for (;;) {
				await new Promise((r) => setTimeout(r, Math.min(500 * 2 ** attempt, 5000)));
				if (this.#stopped) return;
				try {
					this.#current = await this.#restart();
					attempt = 0;
					log('children').warn({ child: this.#name, pid: this.#current.pid }, 'is back');
					break;
				} catch (error) {
					attempt++;
					log('children').error(
						{ child: this.#name, err: (error as Error).message.split('\n')[0] },
						'restart failed'
					);
				}
			}
		}
	}
}
