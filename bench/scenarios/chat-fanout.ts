import { cpus } from 'node:os';
import { ListenerGroup, onSchedule, summarize, type LatencySummary } from '../lib/load.ts';
import { benchText } from '../lib/messages.ts';
import { pin, pinTree, treeCpuSeconds, treeRssMiB } from '../lib/proc.ts';
import { bareTarget, plenairTarget, type Target } from '../lib/targets.ts';

/** A delivery later than this after its intended send time counts as lost. */
export const DELIVERY_TIMEOUT_MS = 1000;
/** A step passes when every repeat has p99 at most this, and loses nothing. */
export const P99_GOAL_MS = 150;

/** One measured repeat of one step. */
export interface StepRun {
	latency: LatencySummary;
	delivered: number;
	expected: number;
	/** Never delivered, or later than DELIVERY_TIMEOUT_MS. */
	lost: number;
	/** Delivered ÷ (last delivery − first intended send). */
	deliveriesPerSecond: number;
	bytesPerDelivery: number;
	serverCpuPercent: number;
	/** Server CPU per delivery, µs: the figure least moved by noise. */
	cpuMicrosPerDelivery: number;
	serverRssMiB: number;
	generatorCpuPercent: number;
	generatorMaxLagMs: number;
}

export interface FanoutRow {
	target: string;
	listeners: number;
	rate: number;
	runs: StepRun[];
	/** Every repeat lost nothing and kept p99 ≤ P99_GOAL_MS. */
	passed: boolean;
}

export interface FanoutOptions {
	seconds: number;
	warmupSeconds: number;
	repeats: number;
	generators: number;
	/** Stop raising the rate at the first step that fails. */
	stopAtFailure?: boolean;
	/** The processes whose CPU and memory count as the server (with their children). */
	serverPids?: number[];
}

const LOAD_CORE = cpus().length > 1 ? 1 : undefined;
let runs = 0;

/**
 * Listeners in one chat, messages at a fixed rate; latency from the intended send time. Each step
 * warms up, then is measured `repeats` times; the server (with its children) runs on core 0, the
 * generators and the sender (this process) on core 1.
 */
export async function fanout(
	target: Target,
	listeners: number,
	rates: number[],
	options: FanoutOptions
): Promise<FanoutRow[]> {
	const servers = options.serverPids ?? [target.pid];
	for (const pid of servers) pinTree(pid, 0);
	if (LOAD_CORE !== undefined) pin(process.pid, LOAD_CORE);
	const load = new ListenerGroup(options.generators, LOAD_CORE);
	const rows: FanoutRow[] = [];
	try {
		const cookies = await target.attendees(listeners);
		await load.start({ url: target.url, cookies, room: target.room });
		for (const rate of rates) {
			const sender = await target.sender(rate);
			const measured: StepRun[] = [];
			try {
				for (let r = 0; r < options.repeats; r++)
					measured.push(await measure(load, sender, servers, listeners, rate, options));
			} finally {
				sender.close();
			}
			const row: FanoutRow = {
				target: target.name,
				listeners,
				rate,
				runs: measured,
				passed: measured.every((m) => m.lost === 0 && m.latency.p99 <= P99_GOAL_MS)
			};
			rows.push(row);
			const p99s = measured.map((m) => m.latency.p99).join('/');
			const lost = measured.reduce((n, m) => n + m.lost, 0);
			console.log(
				`  ${row.target} ${listeners}×${rate}/s: p99 ${p99s} ms, lost ${lost}${row.passed ? '' : ' (fails)'}`
			);
			if (options.stopAtFailure && !row.passed) break;
		}
	} finally {
		load.stop();
		if (LOAD_CORE !== undefined) pin(process.pid, -1);
	}
	return rows;
}

async function measure(
	load: ListenerGroup,
	sender: { send(text: string): void },
	servers: number[],
	listeners: number,
	rate: number,
	options: FanoutOptions
): Promise<StepRun> {
	if (options.warmupSeconds > 0) {
		await load.reset('warmup', DELIVERY_TIMEOUT_MS);
		await onSchedule(rate, options.warmupSeconds, (i, at) =>
			sender.send(benchText('warmup', at, i))
		);
	}
	const run = `run${++runs}`;
	await load.reset(run, DELIVERY_TIMEOUT_MS);
	const generatorCpu0 = (await load.report()).cpuSeconds;
	const serverCpu0 = servers.reduce((n, pid) => n + treeCpuSeconds(pid), 0);
	const started = Date.now();
	let firstIntended = 0;
	const sent = await onSchedule(rate, options.seconds, (i, at) => {
		firstIntended ||= at;
		sender.send(benchText(run, at, i));
	});
	const expected = sent * listeners;
	// Until everything came, or the last message's timeout has passed (later ones are lost).
	const deadline = Date.now() + DELIVERY_TIMEOUT_MS + 250;
	let report = await load.report();
	while (report.delivered + report.late < expected && Date.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 100));
		report = await load.report();
	}
	const elapsed = (Date.now() - started) / 1000;
	const serverCpu = servers.reduce((n, pid) => n + treeCpuSeconds(pid), 0) - serverCpu0;
	const span = (report.lastAt - firstIntended) / 1000;
	return {
		latency: summarize(report.histograms),
		delivered: report.delivered,
		expected,
		lost: expected - report.delivered,
		deliveriesPerSecond: span > 0 ? Math.round(report.delivered / span) : 0,
		bytesPerDelivery: report.delivered ? Math.round(report.bytes / report.delivered) : 0,
		serverCpuPercent: Math.round((serverCpu / elapsed) * 100),
		cpuMicrosPerDelivery: report.delivered ? Math.round((serverCpu * 1e6) / report.delivered) : 0,
		serverRssMiB: servers.reduce((n, pid) => n + treeRssMiB(pid), 0),
		generatorCpuPercent: Math.round(((report.cpuSeconds - generatorCpu0) / elapsed) * 100),
		generatorMaxLagMs: report.maxLoopLagMs
	};
}

export interface ChatFanoutOptions {
	listeners: number[];
	rate: number;
	ceilingRates: number[];
	seconds: number;
	warmupSeconds: number;
	repeats: number;
	generators: number;
}

/** Each listener count at the fixed rate, then the ceiling; Plenair and bare in the same run. */
export async function chatFanout(options: ChatFanoutOptions) {
	const rows: FanoutRow[] = [];
	const ceiling: FanoutRow[] = [];
	for (const make of [plenairTarget, bareTarget]) {
		for (const n of options.listeners) {
			const target = await make();
			try {
				rows.push(...(await fanout(target, n, [options.rate], options)));
			} finally {
				await target.stop();
			}
		}
		const target = await make();
		try {
			ceiling.push(
				...(await fanout(target, Math.max(...options.listeners), options.ceilingRates, {
					...options,
					stopAtFailure: true
				}))
			);
		} finally {
			await target.stop();
		}
	}
	return { rows, ceiling };
}
