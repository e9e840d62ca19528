import { mkdir, realpath } from 'node:fs/promises';
import { connect } from 'node:net';
import { Child, waitUntilReady } from './child-process.ts';
import { freeTcpPort, retryOnAddressInUse } from './free-port.ts';

export interface RedisServerOptions {
	bin: string;
	/** Data folder; the append-only file lives here, so a restart loses nothing. */
	dir: string;
	/** A fixed port (a restart keeps the old one); otherwise a free one is picked. */
	port?: number;
	/** Picks a free port (tests inject one that hands out a taken port first). */
	pickPort?: () => Promise<number>;
	log?: boolean;
}

export interface RunningRedis {
	url: string;
	port: number;
	child: Child;
}

/**
 * Starts redis-server on a free port. A picked port can be taken before redis-server binds it;
 * then redis-server exits with "Address already in use" and is started again on another port
 * (up to PORT_ATTEMPTS times). A fixed port is tried once: the supervisor retries it.
 */
export async function startRedisServer(options: RedisServerOptions): Promise<RunningRedis> {
	await mkdir(options.dir, { recursive: true });
	// Redis reports its folder resolved; comparing it tells our redis-server from another one.
	const dir = await realpath(options.dir);
	if (options.port !== undefined) return startOn(options.port, dir, options);
	return retryOnAddressInUse(options.pickPort ?? (() => freeTcpPort()), (port) =>
		startOn(port, dir, options)
	);
}

async function startOn(port: number, dir: string, options: RedisServerOptions) {
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
			dir,
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
	await waitUntilReady(child, () => answersAsOurs(port, dir), 10_000);
	return { url: `redis://127.0.0.1:${port}`, port, child };
}

/**
 * True when the Redis on `port` serves `dir`: a PONG alone could come from another redis-server
 * that holds the port while ours is still failing to bind it.
 */
function answersAsOurs(port: number, dir: string): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = connect(port, '127.0.0.1');
		let answer = '';
		const done = (ok: boolean) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(500, () => done(false));
		socket.once('error', () => done(false));
		socket.once('connect', () => socket.write('CONFIG GET dir\r\n'));
		socket.on('data', (data) => {
			answer += data.toString();
			if (answer.startsWith('-')) done(false);
			else if (answer.includes(`\r\n${dir}\r\n`)) done(true);
			else if (answer.length > 8192) done(false);
		});
	});
}
