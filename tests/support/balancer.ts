import { connect, createServer, type Server, type Socket } from 'node:net';
import { freeTcpPort } from '../../server/children/free-port.ts';

/**
 * A tiny TCP load balancer for tests and the dress rehearsal: each new connection goes to the
 * first backend that accepts it ('first'), or to the next one in turn ('round-robin'); a backend
 * that refuses is skipped, so when one node dies its clients' reconnects land on another.
 */
export async function startBalancer(
	backends: number[],
	spread: 'first' | 'round-robin' = 'first'
): Promise<{
	url: string;
	port: number;
	/** Open connections per backend port, as the balancer sees them. */
	open(): Map<number, number>;
	close(): Promise<void>;
}> {
	const port = await freeTcpPort();
	let turn = 0;
	const sockets = new Set<Socket>();
	const open = new Map<number, number>();
	const count = (backend: number, delta: number) =>
		open.set(backend, (open.get(backend) ?? 0) + delta);
	const server: Server = createServer((client) => {
		sockets.add(client);
		client.on('close', () => sockets.delete(client));
		client.pause();
		const first = spread === 'round-robin' ? turn++ % backends.length : 0;
		const attempt = (i: number) => {
			if (i >= backends.length) return void client.destroy();
			const backend = backends[(first + i) % backends.length];
			const upstream = connect(backend, '127.0.0.1');
			upstream.once('error', () => attempt(i + 1));
			upstream.once('connect', () => {
				sockets.add(upstream);
				count(backend, 1);
				upstream.on('close', () => {
					sockets.delete(upstream);
					count(backend, -1);
					client.destroy();
				});
				client.on('close', () => upstream.destroy());
				upstream.on('error', () => client.destroy());
				client.on('error', () => upstream.destroy());
				client.pipe(upstream).pipe(client);
				client.resume();
			});
		};
		attempt(0);
	});
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		open: () => new Map(open),
		close: () =>
			new Promise((resolve) => {
				sockets.forEach((s) => s.destroy());
				server.close(() => resolve());
			})
	};
}
