import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { RoomServiceClient } from 'livekit-server-sdk';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { freeTcpPort } from '../../server/children/free-port.ts';
import {
	livekitBinaryPath,
	pickLivekitPorts,
	startLivekitServer,
	type LivekitPorts
} from '../../server/children/livekit-server.ts';
import { startRedisServer } from '../../server/children/redis-server.ts';
import { parseConfig } from '../../src/lib/server/config.ts';
import {
	processGroupAlive,
	startApp,
	TEST_LIVEKIT_KEY,
	TEST_LIVEKIT_SECRET,
	waitFor,
	type AppProcess
} from '../support/app-process.ts';
import { postWebhook } from '../support/livekit-webhook.ts';

let app: AppProcess | undefined;
afterEach(async () => {
	await app?.stop('SIGKILL');
	app = undefined;
});

describe('the Plenair process', () => {
	it('starts its own redis-server and livekit-server and reports ready', async () => {
		app = await startApp();
		expect(app.redis?.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
		expect(app.livekit?.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);

		const health = await fetch(`${app.url}/healthz`);
		expect(health.status).toBe(200);
		const ready = await fetch(`${app.url}/readyz`);
		expect(ready.status).toBe(200);
		expect(await ready.json()).toMatchObject({ ready: true });
	});

	it('lets the server SDK create and list rooms on the real livekit-server', async () => {
		app = await startApp();
		const rooms = new RoomServiceClient(
			app.livekit!.url.replace(/^ws/, 'http'),
			TEST_LIVEKIT_KEY,
			TEST_LIVEKIT_SECRET
		);
		await rooms.createRoom({ name: 'integration-room', emptyTimeout: 60 });
		const listed = await rooms.listRooms();
		expect(listed.map((r) => r.name)).toContain('integration-room');
	});

	it.each(['SIGTERM', 'SIGKILL'] as const)(
		'leaves no child process behind after %s',
		async (signal) => {
			app = await startApp();
			const groups = [app.redis!.processGroup!, app.livekit!.processGroup];
			expect(groups.every(processGroupAlive)).toBe(true);
			await app.stop(signal);
			expect(await waitFor(() => !groups.some(processGroupAlive), 10_000)).toBe(true);
		}
	);

	it('serves the programme page and a session page from the event file', async () => {
		app = await startApp({ PLENAIR_NOW: '2022-01-17T17:20:00+01:00' });
		const home = await fetch(app.url);
		expect(home.status).toBe(200);
		const html = await home.text();
		expect(html).toContain('Coöperatieven maken de stad');
		expect(html).toContain('Plenaire afsluiting');
		expect((await fetch(`${app.url}/sessions/plenaire-opening`)).status).toBe(200);
		expect((await fetch(`${app.url}/sessions/no-such-session`)).status).toBe(404);
	});

	it('refuses to start with a bad configuration and names the problem', async () => {
		await expect(startApp({ PLENAIR_CLOCK: 'sometimes' })).rejects.toThrow(/PLENAIR_CLOCK/);
	});

	it('refuses a webhook with a bad signature', async () => {
		app = await startApp();
		const res = await postWebhook(app, JSON.stringify({ event: 'room_started' }), 'not-a-token');
		expect(res.status).toBe(401);
	});
});

/** A port held by a listening socket that never answers, as another program would hold it. */
async function occupiedPort(): Promise<{ port: number; close: () => Promise<void> }> {
	const sockets = new Set<Socket>();
	const server = createServer((socket) => {
		sockets.add(socket);
		socket.on('error', () => undefined);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		port,
		close: () =>
			new Promise((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			})
	};
}

describe('a child whose port is taken before it binds it', () => {
	const dirs: string[] = [];
	afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
	const tempDir = async () => {
		const dir = await mkdtemp(join(tmpdir(), 'plenair-ports-'));
		dirs.push(dir);
		return dir;
	};

	it('redis-server starts again on a new port', async () => {
		const taken = await occupiedPort();
		const picked: number[] = [];
		const redis = await startRedisServer({
			bin: 'redis-server',
			dir: await tempDir(),
			pickPort: async () => {
				const port = picked.length === 0 ? taken.port : await freeTcpPort();
				picked.push(port);
				return port;
			}
		});
		try {
			expect(picked).toHaveLength(2);
			expect(picked[0]).toBe(taken.port);
			expect(redis.port).toBe(picked[1]);
			const client = new Redis(redis.url);
			expect(await client.ping()).toBe('PONG');
			client.disconnect();
		} finally {
			await redis.child.stop();
			await taken.close();
		}
	});

	it('redis-server does not take another redis-server on its port for its own', async () => {
		const other = await startRedisServer({ bin: 'redis-server', dir: await tempDir() });
		const picked: number[] = [];
		const dir = await tempDir();
		const redis = await startRedisServer({
			bin: 'redis-server',
			dir,
			pickPort: async () => {
				const port = picked.length === 0 ? other.port : await freeTcpPort();
				picked.push(port);
				return port;
			}
		});
		try {
			expect(picked).toHaveLength(2);
			expect(redis.port).not.toBe(other.port);
			const client = new Redis(redis.url);
			expect(await client.config('GET', 'dir')).toEqual(['dir', await realpath(dir)]);
			client.disconnect();
		} finally {
			await redis.child.stop();
			await other.child.stop();
		}
	});

	it('gives up after five ports that are all taken, naming the cause', async () => {
		const taken = await occupiedPort();
		let picks = 0;
		try {
			await expect(
				startRedisServer({
					bin: 'redis-server',
					dir: await tempDir(),
					pickPort: () => {
						picks++;
						return Promise.resolve(taken.port);
					}
				})
			).rejects.toThrow(/address already in use/i);
			expect(picks).toBe(5);
		} finally {
			await taken.close();
		}
	});

	it('livekit-server does not take another livekit-server with the same keys for its own', async () => {
		const config = parseConfig(process.env);
		const bin =
			config.LIVEKIT_SERVER_BIN ?? livekitBinaryPath(config.cacheDir, config.LIVEKIT_VERSION);
		const keys = { apiKey: TEST_LIVEKIT_KEY, apiSecret: TEST_LIVEKIT_SECRET };
		const other = await startLivekitServer({ bin, ...keys });
		const picked: LivekitPorts[] = [];
		const livekit = await startLivekitServer({
			bin,
			...keys,
			pickPorts: async () => {
				const ports = await pickLivekitPorts();
				if (picked.length === 0) ports.http = other.ports.http;
				picked.push(ports);
				return ports;
			}
		});
		try {
			expect(picked).toHaveLength(2);
			expect(livekit.ports.http).not.toBe(other.ports.http);
			expect(livekit.child.running).toBe(true);
		} finally {
			await livekit.child.stop();
			await other.child.stop();
		}
	});

	it('livekit-server starts again on new ports, and the server SDK reaches it', async () => {
		const config = parseConfig(process.env);
		const bin =
			config.LIVEKIT_SERVER_BIN ?? livekitBinaryPath(config.cacheDir, config.LIVEKIT_VERSION);
		const taken = await occupiedPort();
		const picked: LivekitPorts[] = [];
		const livekit = await startLivekitServer({
			bin,
			apiKey: TEST_LIVEKIT_KEY,
			apiSecret: TEST_LIVEKIT_SECRET,
			pickPorts: async () => {
				const ports = await pickLivekitPorts();
				if (picked.length === 0) ports.http = taken.port;
				picked.push(ports);
				return ports;
			}
		});
		try {
			expect(picked).toHaveLength(2);
			expect(picked[0].http).toBe(taken.port);
			expect(livekit.ports).toEqual(picked[1]);
			const rooms = new RoomServiceClient(livekit.httpUrl, TEST_LIVEKIT_KEY, TEST_LIVEKIT_SECRET);
			expect(await rooms.listRooms()).toEqual([]);
		} finally {
			await livekit.child.stop();
			await taken.close();
		}
	});
});
