import { spawn } from 'node:child_process';
import WebSocket from 'ws';
import { freeTcpPort } from '../../server/children/free-port.ts';
import { WireClient } from '../lib/socketio-wire.ts';
import { plenairTarget } from '../lib/targets.ts';

export interface MemoryRow {
	target: string;
	connections: number;
	heapPerConnectionKB: number;
	rssPerConnectionKB: number;
}

type Memory = { heapUsed: number; rss: number };

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
	const read = async () => (await (await fetch(metricsUrl)).json()) as Memory;
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
	const plenair = await plenairTarget(undefined, { NODE_OPTIONS: '--expose-gc' });
	const cookies = await plenair.attendees(n);
	let i = 0;
	rows.push(
		await measure('plenair (signed in)', `${plenair.url}/api/test/metrics`, n, async () => {
			const client = new WireClient(plenair.url, () => {}, cookies[i++]);
			await client.ready;
			return () => client.close();
		})
	);
	await plenair.stop();

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
