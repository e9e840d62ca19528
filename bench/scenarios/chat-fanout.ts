import { ListenerProcess, onSchedule, summarize, type LatencySummary } from '../lib/load.ts';
import { pinTree, rssMiB, treeCpuSeconds } from '../lib/proc.ts';
import { bareTarget, plenairTarget, type Target } from '../lib/targets.ts';

export interface FanoutRow {
	target: string;
	listeners: number;
	rate: number;
	latency: LatencySummary;
	delivered: number;
	expected: number;
	deliveriesPerSecond: number;
	serverCpuPercent: number;
	serverRssMiB: number;
	generatorCpuPercent: number;
	generatorMaxLagMs: number;
}

/** Listeners in one chat, messages at a fixed rate; latency from the intended send time. */
export async function fanout(
	target: Target,
	listeners: number,
	rates: number[],
	seconds: number,
	stopAtP99?: number
): Promise<FanoutRow[]> {
	const load = new ListenerProcess(1);
	pinTree(target.pid, 0);
	const cookies = await target.attendees(listeners);
	await load.start({ url: target.url, cookies, room: target.room });
	const rows: FanoutRow[] = [];
	for (const rate of rates) {
		const sender = await target.sender(rate);
		await load.reset();
		const cpu0 = treeCpuSeconds(target.pid);
		const loadCpu0 = (await load.report()).cpuSeconds;
		const started = Date.now();
		const sent = await onSchedule(rate, seconds, (i, at) =>
			sender.send(`bench:${Math.round(at)}:${i}`)
		);
		await new Promise((r) => setTimeout(r, 1500)); // let the last deliveries land
		const elapsed = (Date.now() - started) / 1000;
		const report = await load.report();
		sender.close();
		const row: FanoutRow = {
			target: target.name,
			listeners,
			rate,
			latency: summarize([report.histogram]),
			delivered: report.delivered,
			expected: sent * listeners,
			deliveriesPerSecond: Math.round(report.delivered / seconds),
			serverCpuPercent: Math.round(((treeCpuSeconds(target.pid) - cpu0) / elapsed) * 100),
			serverRssMiB: rssMiB(target.pid),
			generatorCpuPercent: Math.round(((report.cpuSeconds - loadCpu0) / elapsed) * 100),
			generatorMaxLagMs: report.maxLoopLagMs
		};
		rows.push(row);
		console.log(
			`  ${row.target} ${listeners}×${rate}/s: p50 ${row.latency.p50} p99 ${row.latency.p99} ms, ${row.delivered}/${row.expected}`
		);
		if (stopAtP99 !== undefined && row.latency.p99 > stopAtP99) break;
	}
	load.stop();
	return rows;
}

export async function chatFanout(options: {
	listeners: number[];
	rate: number;
	seconds: number;
	ceilingRates: number[];
}) {
	const rows: FanoutRow[] = [];
	const ceiling: FanoutRow[] = [];
	for (const make of [plenairTarget, bareTarget]) {
		for (const n of options.listeners) {
			const target = await make();
			rows.push(...(await fanout(target, n, [options.rate], options.seconds)));
			await target.stop();
		}
		const target = await make();
		ceiling.push(
			...(await fanout(
				target,
				Math.max(...options.listeners),
				options.ceilingRates,
				options.seconds,
				150
			))
		);
		await target.stop();
	}
	return { rows, ceiling };
}
