import { fork, type ChildProcess } from 'node:child_process';
import hdr from 'hdr-histogram-js';
import type { ListenerReport, ListenerTask } from './listeners.ts';
import { newHistogram } from './histogram.ts';
import { pin } from './proc.ts';

/** One load-generator process holding listeners, pinned to its own core. */
export class ListenerProcess {
	private readonly child: ChildProcess;

	constructor(core: number | undefined) {
		this.child = fork(new URL('./listeners.ts', import.meta.url).pathname, [], {
			execArgv: ['--import', 'tsx'],
			stdio: ['ignore', 'inherit', 'inherit', 'ipc']
		});
		if (core !== undefined && this.child.pid) pin(this.child.pid, core);
	}

	get pid(): number {
		return this.child.pid!;
	}

	private ask<T>(message: object, answer: string): Promise<T> {
		return new Promise((resolve) => {
			const listener = (m: { type: string } & Record<string, unknown>) => {
				if (m.type !== answer) return;
				this.child.off('message', listener);
				resolve(m as T);
			};
			this.child.on('message', listener);
			this.child.send(message);
		});
	}

	start(task: ListenerTask): Promise<{ count: number }> {
		return this.ask({ type: 'start', task }, 'started');
	}

	/** Starts counting a new run: only its messages count; later than `timeoutMs` is lost. */
	reset(run = '', timeoutMs = 1000): Promise<void> {
		return this.ask({ type: 'reset', run, timeoutMs }, 'reset');
	}

	async report(): Promise<ListenerReport> {
		return (await this.ask<{ report: ListenerReport }>({ type: 'report' }, 'report')).report;
	}

	stop(): void {
		this.child.send({ type: 'stop' });
	}
}

/** What a group of load generators saw, added up. */
export interface GroupReport {
	delivered: number;
	late: number;
	histograms: string[];
	firstAt: number;
	lastAt: number;
	bytes: number;
	cpuSeconds: number;
	maxLoopLagMs: number;
}

/**
 * Several load-generator processes sharing the listeners, so that no single generator's event
 * loop is what saturates first; all pinned to the load core.
 */
export class ListenerGroup {
	readonly processes: ListenerProcess[];

	constructor(count: number, core: number | undefined) {
		this.processes = Array.from({ length: count }, () => new ListenerProcess(core));
	}

	async start(task: ListenerTask): Promise<number> {
		const shares = this.processes.map((_, i) =>
			task.cookies.filter((__, j) => j % this.processes.length === i)
		);
		const started = await Promise.all(
			this.processes.map((p, i) => p.start({ ...task, cookies: shares[i] }))
		);
		return started.reduce((n, s) => n + s.count, 0);
	}

	async reset(run: string, timeoutMs: number): Promise<void> {
		await Promise.all(this.processes.map((p) => p.reset(run, timeoutMs)));
	}

	async report(): Promise<GroupReport> {
		const reports = await Promise.all(this.processes.map((p) => p.report()));
		const seen = reports.filter((r) => r.firstAt > 0);
		return {
			delivered: reports.reduce((n, r) => n + r.delivered, 0),
			late: reports.reduce((n, r) => n + r.late, 0),
			histograms: reports.map((r) => r.histogram),
			firstAt: seen.length ? Math.min(...seen.map((r) => r.firstAt)) : 0,
			lastAt: Math.max(0, ...reports.map((r) => r.lastAt)),
			bytes: reports.reduce((n, r) => n + r.bytes, 0),
			cpuSeconds: reports.reduce((n, r) => n + r.cpuSeconds, 0),
			maxLoopLagMs: Math.max(0, ...reports.map((r) => r.maxLoopLagMs))
		};
	}

	stop(): void {
		this.processes.forEach((p) => p.stop());
	}
}

export interface LatencySummary {
	p50: number;
	p95: number;
	p99: number;
	max: number;
	count: number;
}

export function summarize(encoded: string[]): LatencySummary {
	const total = newHistogram();
	for (const e of encoded) total.add(hdr.decodeFromCompressedBase64(e));
	return {
		p50: total.getValueAtPercentile(50),
		p95: total.getValueAtPercentile(95),
		p99: total.getValueAtPercentile(99),
		max: total.maxValue,
		count: total.totalCount
	};
}

/** Calls `send(i, intendedAt)` on a fixed schedule; lateness never shifts the schedule. */
export async function onSchedule(
	rate: number,
	seconds: number,
	send: (i: number, intendedAt: number) => void
): Promise<number> {
	const interval = 1000 / rate;
	const start = Date.now() + 50;
	const total = Math.round(rate * seconds);
	for (let i = 0; i < total; i++) {
		const intended = start + i * interval;
		const wait = intended - Date.now();
		if (wait > 0) await new Promise((r) => setTimeout(r, wait));
		send(i, intended);
	}
	return total;
}
