import { spawn, type ChildProcess } from 'node:child_process';

/**
 * Runs the real command under a small bash watchdog that holds our stdin pipe. When this Node
 * process dies, even by SIGKILL, the pipe closes and the watchdog stops the command, so no
 * redis-server or livekit-server outlives the app.
 */
const WATCHDOG = `
exec 3<&0
"$@" </dev/null &
child=$!
{ cat <&3 >/dev/null; kill -TERM "$child" 2>/dev/null; } &
watcher=$!
trap 'kill -TERM "$child" 2>/dev/null' TERM INT
code=0
while kill -0 "$child" 2>/dev/null; do wait "$child"; code=$?; done
kill "$watcher" 2>/dev/null
exit $code
`;

export interface ChildOptions {
	name: string;
	command: string;
	args: string[];
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	/** Print the child's output with a prefix (otherwise only kept for error messages). */
	log?: boolean;
}

export class Child {
	readonly exited: Promise<number | null>;
	readonly #process: ChildProcess;
	readonly #tail: string[] = [];
	#exitCode: number | null | undefined;

	constructor(readonly options: ChildOptions) {
		this.#process = spawn(
			'bash',
			['-c', WATCHDOG, options.name, options.command, ...options.args],
			{
				cwd: options.cwd,
				env: options.env ?? process.env,
				stdio: ['pipe', 'pipe', 'pipe'],
				detached: true
			}
		);
		live.add(this);
		for (const stream of [this.#process.stdout, this.#process.stderr]) {
			stream?.setEncoding('utf8');
			stream?.on('data', (chunk: string) => this.#record(chunk));
		}
		this.exited = new Promise((resolve) => {
			this.#process.once('exit', (code) => {
				this.#exitCode = code;
				live.delete(this);
				resolve(code);
			});
			this.#process.once('error', (error) => {
				this.#record(`spawn failed: ${error.message}\n`);
				this.#exitCode = null;
				live.delete(this);
				resolve(null);
			});
		});
	}

	get pid(): number | undefined {
		return this.#process.pid;
	}

	get running(): boolean {
		return this.#exitCode === undefined;
	}

	/** The last lines the child printed, for error messages. */
	output(): string {
		return this.#tail.join('');
	}

	/** SIGTERM to the whole process group; SIGKILL if it has not gone after `graceMs`. */
	async stop(graceMs = 5000): Promise<void> {
		if (!this.running) return;
		this.signal('SIGTERM');
		const timer = setTimeout(() => this.signal('SIGKILL'), graceMs);
		await this.exited;
		clearTimeout(timer);
	}

	signal(signal: NodeJS.Signals): void {
		if (this.#process.pid === undefined) return;
		try {
			process.kill(-this.#process.pid, signal);
		} catch {
			// already gone
		}
	}

	#record(chunk: string): void {
		if (this.options.log) {
			for (const line of chunk.split('\n'))
				if (line) process.stdout.write(`[${this.options.name}] ${line}\n`);
		}
		this.#tail.push(chunk);
		while (this.#tail.length > 50) this.#tail.shift();
	}
}

const live = new Set<Child>();
process.once('exit', () => {
	for (const child of live) child.signal('SIGKILL');
});

/** Polls `check` until it resolves true; fails early if the child exits. */
export async function waitUntilReady(
	child: Child,
	check: () => Promise<boolean>,
	timeoutMs: number
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (!child.running)
			throw new Error(`${child.options.name} exited during start-up:\n${child.output()}`);
		if (await check().catch(() => false)) return;
		await new Promise((r) => setTimeout(r, 100));
	}
	await child.stop(1000);
	throw new Error(`${child.options.name} was not ready after ${timeoutMs} ms:\n${child.output()}`);
}
