import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

/**
 * A port that was free a moment ago. Another process may take it before the child binds it
 * (nothing reserves it), so every caller starts its child with `retryOnAddressInUse`.
 */
export function freeTcpPort(host = '127.0.0.1'): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.once('error', reject);
		server.listen(0, host, () => {
			const address = server.address();
			server.close(() =>
				typeof address === 'object' && address
					? resolve(address.port)
					: reject(new Error('no port'))
			);
		});
	});
}

export function freeUdpPort(host = '127.0.0.1'): Promise<number> {
	return new Promise((resolve, reject) => {
		const socket = createSocket('udp4');
		socket.once('error', reject);
		socket.bind(0, host, () => {
			const { port } = socket.address();
			socket.close(() => resolve(port));
		});
	});
}

/** How many times a child is started on newly picked ports before giving up. */
export const PORT_ATTEMPTS = 5;

/** True when a child's output (or an error message) says its port was taken. */
export function addressInUse(text: string): boolean {
	return /address already in use|EADDRINUSE/i.test(text);
}

/**
 * Picks ports and starts a child on them; when the child exits because a port was taken between
 * the pick and its bind, picks new ones and starts it again, up to `attempts` times. Any other
 * failure is thrown at once.
 */
export async function retryOnAddressInUse<P, R>(
	pick: () => Promise<P>,
	start: (ports: P) => Promise<R>,
	attempts = PORT_ATTEMPTS
): Promise<R> {
	for (let attempt = 1; ; attempt++) {
		const ports = await pick();
		try {
			return await start(ports);
		} catch (error) {
			if (attempt >= attempts || !addressInUse((error as Error).message)) throw error;
		}
	}
}
