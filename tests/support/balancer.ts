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
): Promise<{ url: string; port: number; close(): Promise<void> }> {
	const port = await freeTcpPort();
	let turn = 0;
	const sockets = new Set<Socket>();
	const server: Server = createServer((client) => {
		sockets.add(client);
		client.on('close', () => sockets.delete(client));
		client.pause();
		const first = spread === 'round-robin' ? turn++ % backends.length : 0;
		const attempt = (i: number) => {
			if (i >= backends.length) return void client.destroy();
			const upstream = connect(backends[(first + i) % backends.length], '127.0.0.1');
			upstream.once('error', () => attempt(i + 1));
			upstream.once('connect', () => {
				sockets.add(upstream);
				upstream.on('close', () => (sockets.delete(upstream), client.destroy()));
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
		close: () =>
			new Promise((resolve) => {
				sockets.forEach((s) => s.destroy());
				server.close(() => resolve());
			})
	};
}
