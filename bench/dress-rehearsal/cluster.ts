import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import {
	livekitBinaryPath,
	pickLivekitPorts,
	startLivekitServer,
	type RunningLivekit
} from '../../server/children/livekit-server.ts';
import { startRedisServer, type RunningRedis } from '../../server/children/redis-server.ts';
import { parseConfig } from '../../src/lib/server/config.ts';
import { LIVEKIT_REDIS_KEYS } from '../../src/lib/server/livekit-nodes.ts';
import { startApp, type AppProcess } from '../../tests/support/app-process.ts';
import { startBalancer } from '../../tests/support/balancer.ts';
import { cpuSeconds, rssMiB, treeCpuSeconds, treeRssMiB } from '../lib/proc.ts';

/*
 * The rehearsal's venue: one Redis, two livekit-server nodes in LiveKit's own multi-node mode
 * (sharing that Redis), two Plenair nodes (sharing it through Socket.IO's Redis adapter), and
 * two small TCP balancers in front, one for the app's HTTP and WebSocket, one for LiveKit's
 * signalling. Media goes straight to the RTC port of the node that holds a room.
 */

export interface ClusterOptions {
	/** The programme every node runs (PLENAIR_EVENT_FILE). */
	eventFile: string;
	/** The programme instant the clock reads at `since`, and its speed. */
	from: number;
	speed: number;
	since: number;
	/** Extra settings for both app nodes. */
	env?: Record<string, string>;
}

interface Node {
	name: string;
	pid(): number | undefined;
	/** Count its child processes too (LiveKit and Redis run under a watchdog shell). */
	tree: boolean;
	/** Prometheus text of an app node (event-loop lag), absent for LiveKit and Redis. */
	metricsUrl?(): string;
}

export interface NodeSample {
	node: string;
	at: number;
	/** Share of one core since the previous sample. */
	cpu: number;
	rssMiB: number;
	/** p99 event-loop delay (ms) since the previous scrape, app nodes only. */
	lagMs?: number;
	/** Socket.IO connections on the node, app nodes only. */
	sockets?: number;
}

/** livekit-server's own hash of live nodes in its Redis (pkg/routing: NodesKey). */
const METRICS_TOKEN = randomBytes(16).toString('hex');
const LIVEKIT_KEY = 'rehearsal';
const LIVEKIT_SECRET = randomBytes(24).toString('hex');

export class Cluster {
	readonly samples: NodeSample[] = [];
	readonly #dir: string;
	readonly #redis: RunningRedis;
	readonly #livekit: RunningLivekit[];
	/** LiveKit's node id of each livekit-server (to place rooms on a chosen node). */
	readonly livekitIds: string[];
	readonly #apps: AppProcess[];
	readonly #appBackends: number[];
	readonly #balancers: Awaited<ReturnType<typeof startBalancer>>[];
	readonly #env: Record<string, string>;
	readonly #livekitBin: string;
	#sampler: NodeJS.Timeout | undefined;

	private constructor(parts: {
		dir: string;
		redis: RunningRedis;
		livekit: RunningLivekit[];
		livekitIds: string[];
		apps: AppProcess[];
		appBackends: number[];
		balancers: Awaited<ReturnType<typeof startBalancer>>[];
		env: Record<string, string>;
		livekitBin: string;
	}) {
		this.#dir = parts.dir;
		this.#redis = parts.redis;
		this.#livekit = parts.livekit;
		this.livekitIds = parts.livekitIds;
		this.#apps = parts.apps;
		this.#appBackends = parts.appBackends;
		this.#balancers = parts.balancers;
		this.#env = parts.env;
		this.#livekitBin = parts.livekitBin;
	}

	static async start(options: ClusterOptions): Promise<Cluster> {
		const config = parseConfig(process.env);
		const livekitBin =
			config.LIVEKIT_SERVER_BIN ?? livekitBinaryPath(config.cacheDir, config.LIVEKIT_VERSION);
		const dir = await mkdtemp(join(tmpdir(), 'plenair-rehearsal-'));
		const redis = await startRedisServer({ bin: config.REDIS_SERVER_BIN, dir: join(dir, 'redis') });
		// The app balancer first: both nodes need its address as their origin (and LiveKit's webhook).
		const appBackends: number[] = [];
		const appFront = await startBalancer(appBackends, 'round-robin');
		// One after the other: each registers in LiveKit's node list in Redis, which tells their ids.
		const redisClient = new Redis(redis.url);
		const livekit: RunningLivekit[] = [];
		const livekitIds: string[] = [];
		for (let i = 0; i < 2; i++) {
			livekit.push(
				await startLivekitServer({
					bin: livekitBin,
					apiKey: LIVEKIT_KEY,
					apiSecret: LIVEKIT_SECRET,
					ports: await pickLivekitPorts(),
					redisAddress: `127.0.0.1:${redis.port}`,
					webhookUrl: `${appFront.url}/api/livekit/webhook`
				})
			);
			const ids = await redisClient.hkeys(LIVEKIT_REDIS_KEYS.nodes);
			livekitIds.push(ids.find((id) => !livekitIds.includes(id)) ?? '');
		}
		redisClient.disconnect();
		const livekitFront = await startBalancer(
			livekit.map((l) => l.ports.http),
			'round-robin'
		);
		const env: Record<string, string> = {
			NODE_ENV: 'test',
			ORIGIN: appFront.url,
			REDIS_URL: redis.url,
			LIVEKIT_URL: `ws://127.0.0.1:${livekitFront.port}`,
			LIVEKIT_API_KEY: LIVEKIT_KEY,
			LIVEKIT_API_SECRET: LIVEKIT_SECRET,
			PLENAIR_EVENT_FILE: options.eventFile,
			PLENAIR_NOW: new Date(options.from).toISOString(),
			PLENAIR_CLOCK_SPEED: String(options.speed),
			PLENAIR_CLOCK_SINCE: new Date(options.since).toISOString(),
			PLENAIR_AUTO_RECORD: 'false',
			PLENAIR_METRICS_TOKEN: METRICS_TOKEN,
			// Hundreds of people behind one test address.
			PLENAIR_GUEST_LIMIT_PER_IP: '1000000',
			PLENAIR_SIGNIN_LIMIT_PER_IP: '1000000',
			...options.env
		};
		const apps = await Promise.all([0, 1].map(() => startApp(env, { keepDataDir: false })));
		appBackends.push(...apps.map((a) => a.port));
		return new Cluster({
			dir,
			redis,
			livekit,
			livekitIds,
			apps,
			appBackends,
			balancers: [appFront, livekitFront],
			env,
			livekitBin
		});
	}

	/** The front address of the app (HTTP and WebSocket), as attendees reach it. */
	get url(): string {
		return this.#balancers[0].url;
	}

	/** A scratch folder of the run (Redis keeps its files here), removed on stop. */
	get dir(): string {
		return this.#dir;
	}

	get redisUrl(): string {
		return this.#redis.url;
	}

	/** LiveKit's API through its front address, with the keys both nodes share. */
	get livekit(): { url: string; apiKey: string; apiSecret: string } {
		return {
			url: `http://127.0.0.1:${this.#balancers[1].port}`,
			apiKey: LIVEKIT_KEY,
			apiSecret: LIVEKIT_SECRET
		};
	}

	/** A crash and a restart of app node `i` (SIGKILL, then a new process on the same settings). */
	async restartApp(i: number): Promise<{ killedAt: number; upAt: number }> {
		const killedAt = Date.now();
		await this.#apps[i].stop('SIGKILL');
		const app = await startApp(this.#env);
		this.#apps[i] = app;
		this.#appBackends[i] = app.port;
		return { killedAt, upAt: Date.now() };
	}

	/** A crash of livekit-server node `i` and its restart on the same ports and settings. */
	async restartLivekit(i: number): Promise<{ killedAt: number; upAt: number }> {
		const old = this.#livekit[i];
		const killedAt = Date.now();
		old.child.signal('SIGKILL');
		await old.child.exited;
		this.#livekit[i] = await startLivekitServer({
			bin: this.#livekitBin,
			apiKey: LIVEKIT_KEY,
			apiSecret: LIVEKIT_SECRET,
			ports: old.ports,
			redisAddress: `127.0.0.1:${this.#redis.port}`,
			webhookUrl: `${this.url}/api/livekit/webhook`
		});
		return { killedAt, upAt: Date.now() };
	}

	/** Samples CPU and memory of every node (and the app nodes' event-loop lag) each `ms`. */
	startSampling(ms = 2000): void {
		const nodes: Node[] = [
			...[0, 1].map((i) => ({
				name: `app ${i + 1}`,
				pid: () => this.#apps[i]?.pid,
				tree: false,
				metricsUrl: () => `http://127.0.0.1:${this.#apps[i].port}/metrics`
			})),
			...[0, 1].map((i) => ({
				name: `livekit ${i + 1}`,
				pid: () => this.#livekit[i]?.child.pid,
				tree: true
			})),
			{ name: 'redis', pid: () => this.#redis.child.pid, tree: true },
			// The simulated attendees themselves: a saturated load generator would slow every figure.
			{ name: 'attendees (runner)', pid: () => process.pid, tree: false }
		];
		const last = new Map<string, { at: number; cpu: number; pid: number }>();
		const sample = async () => {
			const at = Date.now();
			for (const node of nodes) {
				const pid = node.pid();
				if (pid === undefined) continue;
				const cpu = node.tree ? treeCpuSeconds(pid) : cpuSeconds(pid);
				const before = last.get(node.name);
				last.set(node.name, { at, cpu, pid });
				// A process that died (its /proc is gone) or was replaced starts a new series.
				if (!before || before.pid !== pid || cpu < before.cpu) continue;
				const scraped = node.metricsUrl ? await scrape(node.metricsUrl()) : {};
				this.samples.push({
					node: node.name,
					at,
					cpu: (cpu - before.cpu) / ((at - before.at) / 1000),
					rssMiB: node.tree ? treeRssMiB(pid) : rssMiB(pid),
					...scraped
				});
			}
		};
		this.#sampler = setInterval(() => void sample(), ms);
	}

	async stop(): Promise<void> {
		clearInterval(this.#sampler);
		await Promise.all(this.#balancers.map((b) => b.close()));
		await Promise.all(this.#apps.map((a) => a.stop()));
		await Promise.all(this.#livekit.map((l) => l.child.stop(2000)));
		await this.#redis.child.stop();
		await rm(this.#dir, { recursive: true, force: true });
	}
}

/** An app node's event-loop lag (p99 since the last scrape) and connected sockets. */
async function scrape(url: string): Promise<{ lagMs?: number; sockets?: number }> {
	try {
		const res = await fetch(url, {
			headers: { authorization: `Bearer ${METRICS_TOKEN}` },
			signal: AbortSignal.timeout(1000)
		});
		const families = parsePrometheusTextFormat(await res.text());
		const value = (name: string) => {
			const metric = families.find((f) => f.name === name)?.metrics[0] as
				{ value?: string } | undefined;
			const n = Number(metric?.value);
			return Number.isFinite(n) ? n : undefined;
		};
		const lag = value('plenair_nodejs_eventloop_lag_p99_seconds');
		return {
			lagMs: lag === undefined ? undefined : lag * 1000,
			sockets: value('plenair_sockets_connected')
		};
	} catch {
		return {};
	}
}
