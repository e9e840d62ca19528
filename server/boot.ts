import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { createClock } from '../src/lib/server/clock.ts';
import { publicOrigin, type Config } from '../src/lib/server/config.ts';
import { loadEventFile } from '../src/lib/server/event-file.ts';
import { createLivekitAccess } from '../src/lib/server/livekit.ts';
import { log } from '../src/lib/server/log.ts';
import { Metrics } from '../src/lib/server/metrics.ts';
import { OutboxMailer, smtpMailer } from '../src/lib/server/mail/mailer.ts';
import { LiveProgramme } from '../src/lib/server/programme/live-programme.ts';
import { ProgrammeStore } from '../src/lib/server/programme/programme-store.ts';
import type { Services } from '../src/lib/server/services.ts';
import { createProgrammeStores, createStores } from '../src/lib/server/stores.ts';
import { Supervisor } from './children/supervisor.ts';
import { writeRuntimeFile } from './runtime-file.ts';
import { livekitBinaryPath, startLivekitServer } from './children/livekit-server.ts';
import { startRedisServer } from './children/redis-server.ts';
import { recorderBinaries } from './children/recorder-binary.ts';

export interface Plenair {
	services: Services;
	/** The child processes this node keeps running (none when REDIS_URL and LIVEKIT_URL are set). */
	children: Supervisor[];
	stop(): Promise<void>;
}

/**
 * Builds the services: the event file, the clock, Redis and LiveKit. Without REDIS_URL or
 * LIVEKIT_URL it starts a local redis-server or livekit-server as a child process.
 */
export async function startPlenair(config: Config, appPort: number): Promise<Plenair> {
	const origin = publicOrigin(config, appPort);
	const event = await loadEventFile(config.eventFile);
	const clock = createClock(
		{
			mode: config.PLENAIR_CLOCK,
			startAt: config.PLENAIR_NOW,
			demoOffsetMinutes: config.PLENAIR_DEMO_OFFSET_MINUTES,
			speed: config.PLENAIR_CLOCK_SPEED,
			since: config.PLENAIR_CLOCK_SINCE
		},
		event
	);
	const children: Supervisor[] = [];
	const stopChildren = () => Promise.all(children.map((c) => c.stop())).then(() => undefined);

	try {
		let redisUrl = config.REDIS_URL;
		if (!redisUrl) {
			const options = {
				bin: config.REDIS_SERVER_BIN,
				dir: join(config.dataDir, 'redis'),
				log: config.PLENAIR_LOG_CHILDREN
			};
			const redis = await startRedisServer(options);
			// A crashed redis-server comes back on the same port with the same data.
			children.push(
				new Supervisor(
					'redis-server',
					redis.child,
					async () => (await startRedisServer({ ...options, port: redis.port })).child
				)
			);
			redisUrl = redis.url;
			await writeRuntimeFile(config.dataDir, { redisUrl: redis.url, pid: process.pid });
			log('children').info(`redis-server child at ${redis.url} (process group ${redis.child.pid})`);
		}

		let livekit: Parameters<typeof createLivekitAccess>[0];
		if (config.LIVEKIT_URL) {
			livekit = {
				url: config.LIVEKIT_URL,
				publicUrl: config.LIVEKIT_PUBLIC_URL,
				apiKey: config.LIVEKIT_API_KEY!,
				apiSecret: config.LIVEKIT_API_SECRET!
			};
		} else {
			const options = {
				bin:
					config.LIVEKIT_SERVER_BIN ?? livekitBinaryPath(config.cacheDir, config.LIVEKIT_VERSION),
				webhookUrl: `http://127.0.0.1:${appPort}/api/livekit/webhook`,
				apiKey: config.LIVEKIT_API_KEY,
				apiSecret: config.LIVEKIT_API_SECRET,
				log: config.PLENAIR_LOG_CHILDREN
			};
			const running = await startLivekitServer(options);
			await writeRuntimeFile(config.dataDir, {
				pid: process.pid,
				livekitProcessGroup: running.child.pid,
				livekitUrl: running.httpUrl
			});
			// A crashed livekit-server comes back on the same ports with the same keys; rooms reconnect.
			children.push(
				new Supervisor('livekit-server', running.child, async () => {
					const again = {
						...options,
						ports: running.ports,
						apiKey: running.apiKey,
						apiSecret: running.apiSecret
					};
					const { child } = await startLivekitServer(again);
					await writeRuntimeFile(config.dataDir, {
						pid: process.pid,
						livekitProcessGroup: child.pid
					});
					return child;
				})
			);
			log('children').info(
				`livekit-server child at ${running.url} (process group ${running.child.pid})`
			);
			livekit = { ...running, publicUrl: config.LIVEKIT_PUBLIC_URL ?? running.url };
		}

		// The process starts even when Redis is unreachable: /readyz says so, pages answer 503,
		// and ioredis keeps reconnecting. What must be written once is written on every (re)connect.
		const redis = new Redis(redisUrl, { lazyConnect: true });
		const metrics = new Metrics(nodeName(appPort));
		let lastError = '';
		redis.on('error', (error: Error) => {
			metrics.redisErrors.inc({ connection: 'app' });
			if (error.message !== lastError) log('redis').error(error.message);
			lastError = error.message;
		});
		redis.on('reconnecting', () => metrics.redisReconnects.inc({ connection: 'app' }));
		const stores = createStores(redis, { eventFile: config.eventFile });
		const programme = new LiveProgramme(new ProgrammeStore(redis), event, () => clock.now());
		let firstSync: () => void = () => {};
		const synced = new Promise<void>((resolve) => (firstSync = resolve));
		redis.on('ready', () => {
			lastError = '';
			programme
				.sync()
				.then(() => stores.signup.configure(programme.event))
				.then(firstSync)
				.catch((e: Error) => log('programme').error(e.message));
		});
		programme.onChange((next) => {
			stores.signup.configure(next.event).catch((e: Error) => log('signup').error(e.message));
		});
		redis.connect().catch(() => {
			// reported by the error listener; ioredis retries by itself
		});
		programme.follow(redis.duplicate());
		// Serve the stored programme from the first request, unless Redis is out of reach: then
		// the event file's, until Redis answers.
		await Promise.race([synced, new Promise((r) => setTimeout(r, 5000).unref())]);
		const outbox = config.SMTP_URL ? undefined : new OutboxMailer(redis);
		const recorderBinary =
			config.PLENAIR_RECORDER === 'builtin' ? await builtRecorder(config) : undefined;
		const services: Services = {
			config,
			origin,
			get event() {
				return programme.event;
			},
			programme,
			clock,
			redis,
			livekit: createLivekitAccess(livekit),
			...stores,
			...createProgrammeStores(redis, () => programme.event, clock, stores.polls),
			mailer: config.SMTP_URL ? smtpMailer(config.SMTP_URL, config.MAIL_FROM) : outbox!,
			outbox: config.devOutbox ? outbox : undefined,
			recorderBinary,
			metrics
		};
		return {
			services,
			children,
			async stop() {
				await programme.stop();
				await redis.quit().catch(() => redis.disconnect());
				await stopChildren();
			}
		};
	} catch (error) {
		await stopChildren();
		throw error;
	}
}

/** The built-in recorder's binary when it is built; otherwise says that recording is off. */
async function builtRecorder(config: Config): Promise<string | undefined> {
	let recorder = config.PLENAIR_RECORDER_BIN ?? '(recorder/ sources missing)';
	try {
		recorder = (
			await recorderBinaries(config.cacheDir, process.cwd(), {
				PLENAIR_RECORDER_BIN: config.PLENAIR_RECORDER_BIN
			})
		).recorder;
		await access(recorder, constants.X_OK);
		return recorder;
	} catch {
		log('recorder').warn(
			`built-in recording is off: no recorder at ${recorder} (scripts/setup.sh builds it where Go is installed)`
		);
		return undefined;
	}
}

/** This node's name in logs and metrics: the machine and the port it serves. */
export const nodeName = (port: number) => `${hostname()}:${port}`;
