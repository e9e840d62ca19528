import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { AccessToken } from 'livekit-server-sdk';
import { RECORDER_IDENTITY_PREFIX, roomNameFor } from '../src/lib/server/livekit.ts';
import {
	failRecording,
	finishBuiltinRecording,
	markRecording
} from '../src/lib/server/recordings/builtin.ts';
import type { RecorderJob } from '../src/lib/server/recordings/recorder-jobs.ts';
import type { Services } from '../src/lib/server/services.ts';
import { log } from '../src/lib/server/log.ts';

/** How often a node looks at the jobs (claims, renewals, stop requests). */
const TICK_MS = 1000;
/** A run whose recorder cannot join this many times in a row stops trying. */
const MAX_JOIN_FAILURES = 3;

interface Running {
	runId: string;
	child: ChildProcess;
	segment: number;
	joined: boolean;
	stopAsked: boolean;
	lastError?: string;
}

/** Where a run keeps its segments while recording: <data>/recordings/work/<session>-<run>/. */
export const runDir = (services: Services, job: Pick<RecorderJob, 'session' | 'runId'>) =>
	join(services.config.dataDir, 'recordings', 'work', `${job.session}-${job.runId}`);

/**
 * Runs the built-in recorder on this node: every second it looks at the recording jobs in Redis,
 * takes the lease of a job nobody runs, starts `plenair-recorder` for it (one process per
 * recorded room, a new segment after a crash or a takeover), renews its leases, passes stop
 * requests on as SIGTERM, and composes the segments into the watch-again file once stopped.
 */
export class RecorderSupervisor {
	readonly #services: Services;
	readonly #binary: string;
	readonly #node: string;
	readonly #running = new Map<string, Running>();
	/** Sessions this node is composing now. */
	readonly #composing = new Set<string>();
	/** Consecutive join failures per run. */
	readonly #joinFailures = new Map<string, number>();
	#timer?: NodeJS.Timeout;
	#ticking = false;
	/** This node is shutting down: its recorders' ends hand the jobs on, they do not compose. */
	#closing = false;
	readonly #shutdown = new AbortController();

	constructor(services: Services, binary: string, node: string) {
		this.#services = services;
		this.#binary = binary;
		this.#node = node;
	}

	start(): void {
		this.#timer = setInterval(() => void this.tick(), TICK_MS);
	}

	/** Stops looking and ends this node's recorders; their jobs move to another node (or a restart). */
	async stop(): Promise<void> {
		clearInterval(this.#timer);
		this.#closing = true;
		this.#shutdown.abort();
		const ending = [...this.#running.entries()].map(async ([session, run]) => {
			const exited = new Promise((resolve) => run.child.once('exit', resolve));
			run.child.kill('SIGTERM');
			await exited;
			await this.#services.recorderJobs.release(session, this.#node);
		});
		await Promise.all(ending);
		await Promise.all(
			[...this.#composing].map((session) =>
				this.#services.recorderJobs.release(session, this.#node)
			)
		);
	}

	async tick(): Promise<void> {
		if (this.#ticking) return;
		this.#ticking = true;
		try {
			for (const job of await this.#services.recorderJobs.all()) await this.#look(job);
		} catch (error) {
			log('recorder').error({ err: (error as Error).message }, 'tick failed');
		} finally {
			this.#ticking = false;
		}
	}

	async #look(job: RecorderJob): Promise<void> {
		const jobs = this.#services.recorderJobs;
		const mine = this.#running.get(job.session);
		if (mine && mine.runId === job.runId) {
			if (!(await jobs.renew(job.session, this.#node))) {
				// The lease ran out (this node stalled) and another node took over: let it.
				this.#running.delete(job.session);
				mine.child.kill('SIGKILL');
				return;
			}
			if (job.state === 'stopping' && !mine.stopAsked) {
				mine.stopAsked = true;
				log('recorder').info({ session: job.session, segment: mine.segment }, 'stopping segment');
				mine.child.kill('SIGTERM');
			}
			return;
		}
		if (this.#composing.has(job.session)) {
			await jobs.renew(job.session, this.#node);
			return;
		}
		if (!(await jobs.claim(job.session, this.#node))) return;
		if (job.state === 'stopping') await this.#compose(job);
		else await this.#record(job);
	}

	async #record(job: RecorderJob): Promise<void> {
		const { recorderJobs: jobs, livekit, event } = this.#services;
		const segment = await jobs.nextSegment(job.session, job.runId);
		if (segment === undefined) return void (await jobs.release(job.session, this.#node));
		const dir = join(runDir(this.#services, job), `seg-${segment}`);
		await mkdir(dir, { recursive: true });
		const room = roomNameFor(event.event.slug, job.session);
		const token = new AccessToken(livekit.apiKey, livekit.apiSecret, {
			identity: `${RECORDER_IDENTITY_PREFIX}${job.runId}-${segment}`,
			name: 'Plenair recorder',
			ttl: '12h'
		});
		token.addGrant({
			room,
			roomJoin: true,
			hidden: true,
			recorder: true,
			canSubscribe: true,
			canPublish: false,
			canPublishData: false
		});
		const child = spawn(
			this.#binary,
			['--url', livekit.url.replace(/^http/, 'ws'), '--out', dir, '--log-level', 'error'],
			{
				env: { ...process.env, RECORDER_TOKEN: await token.toJwt() },
				stdio: ['ignore', 'pipe', 'pipe']
			}
		);
		const run: Running = { runId: job.runId, child, segment, joined: false, stopAsked: false };
		this.#running.set(job.session, run);
		createInterface({ input: child.stdout! }).on('line', (line) => this.#heard(job, run, line));
		createInterface({ input: child.stderr! }).on('line', (line) =>
			log('recorder').warn({ session: job.session }, line)
		);
		child.once('error', (error) => {
			run.lastError = error.message;
		});
		child.once('exit', (code, signal) => void this.#exited(job, run, code, signal));
	}

	#heard(job: RecorderJob, run: Running, line: string): void {
		let message: { event?: unknown; reason?: unknown };
		try {
			message = JSON.parse(line) as typeof message;
		} catch {
			return;
		}
		if (message.event === 'joined') {
			run.joined = true;
			this.#joinFailures.delete(job.runId);
			void markRecording(this.#services, job.session, job.runId).catch((e: Error) =>
				log('recorder').error({ session: job.session, err: e.message }, 'state report failed')
			);
		} else if (message.event === 'error' && typeof message.reason === 'string')
			run.lastError = message.reason.slice(0, 300);
	}

	async #exited(
		job: RecorderJob,
		run: Running,
		code: number | null,
		signal: NodeJS.Signals | null
	): Promise<void> {
		if (this.#running.get(job.session) === run) this.#running.delete(job.session);
		if (this.#closing) return;
		log('recorder').info(
			{ session: job.session, segment: run.segment, signal, code },
			'segment ended'
		);
		const jobs = this.#services.recorderJobs;
		try {
			const now = await jobs.get(job.session);
			if (!now || now.runId !== job.runId) return;
			// Stopped on request, or the room closed and the recorder ended by itself: compose.
			if (now.state === 'stopping' || code === 0) {
				if (now.state !== 'stopping') await jobs.stop(job.session, job.runId);
				await this.#compose({ ...now, state: 'stopping' });
				return;
			}
			const reason = run.lastError ?? `the recorder ended (${signal ?? `exit ${code}`})`;
			if (/^write failed/.test(reason)) {
				await this.#fail(job, reason);
				return;
			}
			if (!run.joined) {
				const failures = (this.#joinFailures.get(job.runId) ?? 0) + 1;
				this.#joinFailures.set(job.runId, failures);
				if (failures >= MAX_JOIN_FAILURES || run.segment === 1) {
					this.#joinFailures.delete(job.runId);
					if (run.segment === 1) return void (await this.#fail(job, reason));
					await jobs.stop(job.session, job.runId);
					await this.#compose({ ...now, state: 'stopping' });
					return;
				}
			}
			// A crash mid-recording: free the job, so this or another node records the next segment.
			log('recorder').warn({ session: job.session, reason }, 'a new segment follows');
			await jobs.release(job.session, this.#node);
		} catch (error) {
			log('recorder').error(
				{ session: job.session, err: (error as Error).message },
				'segment end failed'
			);
			await jobs.release(job.session, this.#node).catch(() => undefined);
		}
	}

	async #compose(job: RecorderJob): Promise<void> {
		this.#composing.add(job.session);
		const began = Date.now();
		try {
			await finishBuiltinRecording(
				this.#services,
				job,
				runDir(this.#services, job),
				this.#shutdown.signal
			);
			log('recorder').info({ session: job.session, ms: Date.now() - began }, 'composed');
		} catch (error) {
			// Cut off by this node's shutdown: the job stays, and a node that runs composes it.
			if (this.#closing) return;
			log('recorder').error(
				{ session: job.session, err: (error as Error).message },
				'composing failed'
			);
			await failRecording(this.#services, job, (error as Error).message);
		} finally {
			this.#composing.delete(job.session);
		}
		await rm(runDir(this.#services, job), { recursive: true, force: true });
		await this.#services.recorderJobs.finish(job.session, job.runId);
	}

	async #fail(job: RecorderJob, reason: string): Promise<void> {
		try {
			await failRecording(this.#services, job, reason);
		} finally {
			await rm(runDir(this.#services, job), { recursive: true, force: true });
			await this.#services.recorderJobs.finish(job.session, job.runId);
		}
	}
}
