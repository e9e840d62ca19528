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

	reset(): Promise<void> {
		return this.ask({ type: 'reset' }, 'reset');
	}

	async report(): Promise<ListenerReport> {
		return (await this.ask<{ report: ListenerReport }>({ type: 'report' }, 'report')).report;
	}

	stop(): void {
		this.child.send({ type: 'stop' });
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
