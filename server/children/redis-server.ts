import { mkdir } from 'node:fs/promises';
import { connect } from 'node:net';
import { Child, waitUntilReady } from './child-process.ts';
import { freeTcpPort } from './free-port.ts';

export interface RedisServerOptions {
	bin: string;
	/** Data folder; the append-only file lives here, so a restart loses nothing. */
	dir: string;
	port?: number;
	log?: boolean;
}

export interface RunningRedis {
	url: string;
	port: number;
	child: Child;
}

export async function startRedisServer(options: RedisServerOptions): Promise<RunningRedis> {
	await mkdir(options.dir, { recursive: true });
	const port = options.port ?? (await freeTcpPort());
	const child = new Child({
		name: 'redis',
		command: options.bin,
		args: [
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--protected-mode',
			'yes',
			'--dir',
			options.dir,
			'--appendonly',
			'yes',
			'--appendfsync',
			'always',
			'--save',
			'',
			'--daemonize',
			'no',
			'--logfile',
			''
		],
		log: options.log
	});
	await waitUntilReady(child, () => ping(port), 10_000);
	return { url: `redis://127.0.0.1:${port}`, port, child };
}

function ping(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = connect(port, '127.0.0.1');
		const done = (ok: boolean) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(500, () => done(false));
		socket.once('error', () => done(false));
		socket.once('connect', () => socket.write('PING\r\n'));
		socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
	});
}
