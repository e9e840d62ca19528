import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freeTcpPort } from '../../server/children/free-port.ts';

/**
 * The app as production runs it: server/main.ts compiled by `npm run build` (with the SvelteKit
 * build beside it), started with plain node from the checkout. Every test and the e2e servers
 * start it this way.
 */
export const APP_ENTRY = 'build/plenair/main.js';

/** A real Plenair process (the built app, APP_ENTRY) with its own data folder. */
export interface AppProcess {
	url: string;
	port: number;
	pid: number;
	dataDir: string;
	/** Its Redis: the child it started (with its process group), or REDIS_URL's. */
	redis?: { url: string; processGroup?: number };
	livekit?: { url: string; processGroup: number };
	output(): string;
	exited: Promise<number | null>;
	/** Sends the signal and waits for the process to exit. */
	stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export const TEST_LIVEKIT_KEY = 'plenair_test';
export const TEST_LIVEKIT_SECRET = 'test-secret-that-is-long-enough-0123456789';

export interface StartOptions {
	/** Run on this data folder (a restart) instead of a new temporary one. */
	dataDir?: string;
	/** Leave the data folder in place on stop(), so another process can start on it. */
	keepDataDir?: boolean;
	/** Extra Node flags, e.g. `--cpu-prof` for a benchmark's profile. */
	nodeArgs?: string[];
}

/**
 * Starts the app; when a free port was taken by another test's child in the meantime
 * (EADDRINUSE), tries again on another port.
 */
export async function startApp(
	env: Record<string, string> = {},
	options: StartOptions = {}
): Promise<AppProcess> {
	for (let attempt = 1; ; attempt++) {
		const last = attempt === 3;
		// A data folder the caller chose survives a failed attempt, so the next one can use it.
		const keep = options.keepDataDir || (!last && options.dataDir !== undefined);
		try {
			return await startAppOnce(env, { ...options, keepDataDir: keep });
		} catch (error) {
			if (last || !String(error).includes('EADDRINUSE')) throw error;
		}
	}
}

async function startAppOnce(
	env: Record<string, string>,
	options: StartOptions
): Promise<AppProcess> {
	if (!existsSync(APP_ENTRY))
		throw new Error(`${APP_ENTRY} is missing: run \`npm run build\` first`);
	const port = await freeTcpPort();
	const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'plenair-test-')));
	const child: ChildProcess = spawn(process.execPath, [...(options.nodeArgs ?? []), APP_ENTRY], {
		env: {
			...process.env,
			NODE_ENV: 'production',
			PORT: String(port),
			ORIGIN: `http://127.0.0.1:${port}`,
			PLENAIR_DATA_DIR: dataDir,
			LIVEKIT_API_KEY: TEST_LIVEKIT_KEY,
			LIVEKIT_API_SECRET: TEST_LIVEKIT_SECRET,
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout?.setEncoding('utf8').on('data', (d: string) => (output += d));
	child.stderr?.setEncoding('utf8').on('data', (d: string) => (output += d));
	const exited = new Promise<number | null>((resolve) =>
		child.once('exit', (code) => resolve(code))
	);

	const started = await Promise.race([
		waitFor(() => output.includes('Plenair is running'), 60_000),
		exited.then(() => false)
	]);
	if (!started) {
		child.kill('SIGKILL');
		if (!options.keepDataDir) await rm(dataDir, { recursive: true, force: true });
		throw new Error(`Plenair did not start:\n${output}`);
	}

	const childLine = (name: string) => {
		const match = output.match(new RegExp(`${name} child at (\\S+) \\(process group (\\d+)\\)`));
		return match ? { url: match[1], processGroup: Number(match[2]) } : undefined;
	};

	return {
		url: `http://127.0.0.1:${port}`,
		port,
		pid: child.pid!,
		dataDir,
		redis: childLine('redis-server') ?? (env.REDIS_URL ? { url: env.REDIS_URL } : undefined),
		livekit: childLine('livekit-server'),
		output: () => output,
		exited,
		async stop(signal = 'SIGTERM') {
			if (child.exitCode === null && child.signalCode === null) child.kill(signal);
			const code = await exited;
			if (!options.keepDataDir) await rm(dataDir, { recursive: true, force: true });
			return code;
		}
	};
}

/**
 * Another app node on `first`'s Redis and LiveKit, as a load balancer would spread clients over
 * both; `env` as for startApp.
 */
export function startSecondNode(
	first: AppProcess,
	env: Record<string, string> = {}
): Promise<AppProcess> {
	return startApp({ ...env, REDIS_URL: first.redis!.url, LIVEKIT_URL: first.livekit!.url });
}

/** An app process and a connection to its Redis, for tests that look at what the app stored. */
export interface AppWithRedis {
	app: AppProcess;
	redis: Redis;
}

/** Starts the app (see startApp) and connects to its Redis. */
export async function startAppWithRedis(
	env: Record<string, string> = {},
	options: StartOptions = {}
): Promise<AppWithRedis> {
	const app = await startApp(env, options);
	return { app, redis: new Redis(app.redis!.url) };
}

/** Disconnects from the app's Redis and stops the app; either is missing when the start failed. */
export async function stopAppWithRedis(app?: AppProcess, redis?: Redis): Promise<void> {
	redis?.disconnect();
	await app?.stop();
}

export async function waitFor(
	check: () => boolean | Promise<boolean>,
	timeoutMs: number
): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (await check()) return true;
		await new Promise((r) => setTimeout(r, 100));
	}
	return false;
}

/** Whether any process of this process group is still alive. */
export function processGroupAlive(pgid: number): boolean {
	try {
		process.kill(-pgid, 0);
		return true;
	} catch {
		return false;
	}
}
