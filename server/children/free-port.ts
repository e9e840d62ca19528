import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

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
