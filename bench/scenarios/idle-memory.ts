import { spawn } from 'node:child_process';
import WebSocket from 'ws';
import { freeTcpPort } from '../../server/children/free-port.ts';
import { WireClient } from '../lib/socketio-wire.ts';
import { startApp } from '../../tests/support/app-process.ts';
import { BENCH_ENV, BENCH_ROOM, plenairTarget } from '../lib/targets.ts';

export interface MemoryRow {
	target: string;
	connections: number;
	heapPerConnectionKB: number;
	rssPerConnectionKB: number;
}

type Memory = { heapUsed: number; rss: number; collected: boolean };

async function child(script: string): Promise<{ url: string; stop(): void }> {
	const port = await freeTcpPort();
	const proc = spawn(
		process.execPath,
		['--expose-gc', '--import', 'tsx', new URL(script, import.meta.url).pathname, String(port)],
		{ stdio: ['ignore', 'pipe', 'inherit'] }
	);
	await new Promise<void>((resolve) => proc.stdout!.once('data', () => resolve()));
	return { url: `http://127.0.0.1:${port}`, stop: () => proc.kill('SIGTERM') };
}

async function measure(
	name: string,
	metricsUrl: string,
	n: number,
	connect: () => Promise<() => void>
): Promise<MemoryRow> {
	const fetchMemory = async () => {
		const memory = (await (await fetch(metricsUrl)).json()) as Memory;
		// Without a collection the heap holds garbage of any age: a figure to refuse, not to print.
		if (!memory.collected) throw new Error(`${name}: no gc() (start it with --expose-gc)`);
		return memory;
	};
	// V8 hands freed pages back to the OS a moment after a collection: read, wait, read again, so
	// the garbage of the sign-ins before does not make RSS look as if it shrank.
	const read = async () => {
		await fetchMemory();
		await new Promise((r) => setTimeout(r, 1500));
		return fetchMemory();
	};
	const before = await read();
	const closers: (() => void)[] = [];
	for (let i = 0; i < n; i += 100)
		closers.push(...(await Promise.all(Array.from({ length: Math.min(100, n - i) }, connect))));
	await new Promise((r) => setTimeout(r, 1000));
	const after = await read();
	closers.forEach((close) => close());
	return {
		target: name,
		connections: n,
		heapPerConnectionKB: Math.round(((after.heapUsed - before.heapUsed) / n / 1024) * 10) / 10,
		rssPerConnectionKB: Math.round(((after.rss - before.rss) / n / 1024) * 10) / 10
	};
}

/** Heap and RSS per idle connected attendee: Plenair, bare Socket.IO, and plain `ws` as the floor. */
export async function idleMemory(n: number): Promise<MemoryRow[]> {
	const rows: MemoryRow[] = [];
	// Sign the attendees in on a first process, then measure a fresh one on the same data: the
	// sign-ins' garbage would otherwise make RSS shrink while the connections come in.
	const signIn = await startApp(BENCH_ENV, { keepDataDir: true });
	const cookies = await (await plenairTarget(signIn)).attendees(n);
	await signIn.stop();
	const app = await startApp(BENCH_ENV, { dataDir: signIn.dataDir, nodeArgs: ['--expose-gc'] });
	const plenair = await plenairTarget(app);
	let i = 0;
	rows.push(
		await measure(
			'plenair (signed in, in a room)',
			`${plenair.url}/api/test/metrics`,
			n,
			async () => {
				const client = new WireClient(plenair.url, () => {}, cookies[i++]);
				await client.ready;
				// An attendee sits in a breakout: its chat joined, as the room page does.
				await client.request('chat:join', { room: BENCH_ROOM });
				return () => client.close();
			}
		)
	);
	await app.stop();

	const bare = await child('../lib/bare-server.ts');
	rows.push(
		await measure('bare Socket.IO', bare.url, n, async () => {
			const client = new WireClient(bare.url, () => {});
			await client.ready;
			return () => client.close();
		})
	);
	bare.stop();

	const ws = await child('../lib/ws-server.ts');
	rows.push(
		await measure('plain ws (floor)', ws.url, n, async () => {
			const socket = new WebSocket(ws.url.replace('http', 'ws'));
			await new Promise((r) => socket.once('open', r));
			return () => socket.close();
		})
	);
	ws.stop();
	return rows;
}
