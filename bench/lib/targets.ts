import { spawn, type ChildProcess } from 'node:child_process';
import { freeTcpPort } from '../../server/children/free-port.ts';
import {
	startApp,
	TEST_LIVEKIT_KEY,
	TEST_LIVEKIT_SECRET,
	type AppProcess
} from '../../tests/support/app-process.ts';
import { guestCookie } from '../../tests/support/http.ts';
import { WireClient } from './socketio-wire.ts';

/** What a scenario drives: Plenair (signed-in attendees, durable chat) or the bare baseline. */
export interface Target {
	name: 'plenair' | 'bare';
	url: string;
	pid: number;
	/** Cookies for N listeners (Plenair: guests of the open demo event). */
	attendees(n: number): Promise<(string | undefined)[]>;
	room?: string;
	/** A sender that can keep up with `rate` messages per second. */
	sender(rate: number): Promise<{ send(text: string): void; close(): void }>;
	stop(): Promise<void>;
}

export const BENCH_ROOM = 'toekomst-wooncooperatie';
export const BENCH_ENV = {
	NODE_ENV: 'test',
	PLENAIR_NOW: '2022-01-17T17:20:00+01:00',
	PLENAIR_GUEST_LIMIT_PER_IP: '1000000',
	PLENAIR_SIGNIN_LIMIT_PER_IP: '1000000'
};

/** Runs `make` for 0…n-1, `batch` at a time. */
export async function inBatches<T>(
	n: number,
	make: (i: number) => Promise<T>,
	batch = 50
): Promise<T[]> {
	const out: T[] = [];
	for (let i = 0; i < n; i += batch)
		out.push(
			...(await Promise.all(Array.from({ length: Math.min(batch, n - i) }, (_, j) => make(i + j))))
		);
	return out;
}

export async function plenairTarget(
	app?: AppProcess,
	env: Record<string, string> = {}
): Promise<Target & { app: AppProcess }> {
	// `npm run bench:profile` sets this: each Plenair process then writes a CPU profile there.
	const profileDir = process.env.PLENAIR_BENCH_PROFILE_DIR;
	const nodeArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
	const running = app ?? (await startApp({ ...BENCH_ENV, ...env }, { nodeArgs }));
	return {
		name: 'plenair',
		url: running.url,
		pid: running.pid,
		app: running,
		room: BENCH_ROOM,
		attendees: (n) => inBatches(n, (i) => guestCookie(running.url, `Luisteraar ${i}`)),
		async sender(rate) {
			// The per-person chat limit is 3 messages/s: spread the rate over enough people.
			const people = Math.max(1, Math.ceil(rate / 2));
			const clients = await inBatches(people, async (i) => {
				const client = new WireClient(
					running.url,
					() => {},
					await guestCookie(running.url, `Spreker ${i}`)
				);
				await client.ready;
				await client.request('chat:join', { room: BENCH_ROOM });
				return client;
			});
			let next = 0;
			return {
				send(text) {
					clients[next++ % clients.length].emit('chat:send', {
						room: BENCH_ROOM,
						id: crypto.randomUUID(),
						kind: 'message',
						text
					});
				},
				close: () => clients.forEach((c) => c.close())
			};
		},
		stop: async () => {
			if (!app) await running.stop();
		}
	};
}

export async function bareTarget(): Promise<Target> {
	const port = await freeTcpPort();
	const child: ChildProcess = spawn(
		process.execPath,
		['--import', 'tsx', new URL('./bare-server.ts', import.meta.url).pathname, String(port)],
		{
			stdio: ['ignore', 'pipe', 'inherit']
		}
	);
	await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
	const url = `http://127.0.0.1:${port}`;
	return {
		name: 'bare',
		url,
		pid: child.pid!,
		attendees: async (n) => Array.from({ length: n }, () => undefined),
		async sender() {
			const client = new WireClient(url, () => {});
			await client.ready;
			return { send: (text) => client.emit('chat:send', { text }), close: () => client.close() };
		},
		stop: async () => {
			child.kill('SIGTERM');
			await new Promise((r) => child.once('exit', r));
		}
	};
}

/** Two app nodes of the bench's demo event on one Redis and one LiveKit (node A's children). */
export async function twoAppNodes(
	env: Record<string, string> = {}
): Promise<[AppProcess, AppProcess]> {
	const a = await startApp({ ...BENCH_ENV, ...env });
	const b = await startApp({
		...BENCH_ENV,
		...env,
		REDIS_URL: a.redis!.url,
		LIVEKIT_URL: a.livekit!.url,
		LIVEKIT_API_KEY: TEST_LIVEKIT_KEY,
		LIVEKIT_API_SECRET: TEST_LIVEKIT_SECRET
	});
	return [a, b];
}
