// A CPU profile of Plenair under a steady chat load, and where its time goes:
//   npm run bench:profile -- [--listeners 2000] [--rate 60] [--seconds 10]
// Starts the app with --cpu-prof, holds one step of chat-fanout (one repeat), stops the app and
// prints the profile's self time by package and by function (bench/results/profiles/ keeps it).
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { fanout } from './scenarios/chat-fanout.ts';
import { plenairTarget } from './lib/targets.ts';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
}

const { values } = parseArgs({
	options: {
		listeners: { type: 'string', default: '2000' },
		rate: { type: 'string', default: '60' },
		seconds: { type: 'string', default: '10' }
	}
});
const dir = join('bench/results/profiles', new Date().toISOString().replace(/[:.]/g, '-'));
mkdirSync(dir, { recursive: true });
process.env.PLENAIR_BENCH_PROFILE_DIR = dir;

const METRICS_TOKEN = 'bench-profile-metrics-token';
const target = await plenairTarget(undefined, { PLENAIR_METRICS_TOKEN: METRICS_TOKEN });
const [row] = await fanout(target, Number(values.listeners), [Number(values.rate)], {
	seconds: Number(values.seconds),
	warmupSeconds: 2,
	repeats: 1,
	generators: 2
});
const metrics = parsePrometheusTextFormat(
	await (
		await fetch(`${target.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
	).text()
);
await target.stop();
/** A counter's total over its labels. */
const counter = (name: string) =>
	(metrics.find((f) => f.name === name)?.metrics ?? []).reduce(
		(sum, m) => sum + Number(m.value ?? 0),
		0
	);
const run = row.runs[0];
console.log(
	`${values.listeners} listeners × ${values.rate} msg/s: p99 ${run.latency.p99} ms, lost ${run.lost}, ` +
		`server CPU ${run.serverCpuPercent} %, ${run.cpuMicrosPerDelivery} µs and ` +
		`${run.bytesPerDelivery} bytes per delivery; ${counter('plenair_chat_lines_total')} lines in ` +
		`${counter('plenair_chat_frames_total')} frames (warm-up included)`
);

/** Where a function lives, by package (node_modules/<name>), Node's own code or the app. */
function packageOf(url: string): string {
	const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
	if (match) return match[1];
	if (url.startsWith('node:')) return 'node';
	if (url === '') return '(native, GC, idle)';
	return 'plenair';
}

for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
	const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile;
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const selfMs = new Map<number, number>();
	profile.samples.forEach((id, i) =>
		selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000)
	);
	const total = [...selfMs.values()].reduce((a, b) => a + b, 0);
	const idle = [...selfMs].reduce(
		(sum, [id, ms]) => sum + (byId.get(id)?.callFrame.functionName === '(idle)' ? ms : 0),
		0
	);
	const add = (map: Map<string, number>, key: string, ms: number) =>
		map.set(key, (map.get(key) ?? 0) + ms);
	const packages = new Map<string, number>();
	const functions = new Map<string, number>();
	for (const [id, ms] of selfMs) {
		const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
		if (functionName === '(idle)') continue;
		add(packages, packageOf(url), ms);
		add(
			functions,
			`${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`,
			ms
		);
	}
	const busy = total - idle;
	const top = (map: Map<string, number>, n: number) =>
		[...map]
			.sort((a, b) => b[1] - a[1])
			.slice(0, n)
			.map(([name, ms]) => `| ${name} | ${Math.round(ms)} | ${((ms / busy) * 100).toFixed(1)} |`)
			.join('\n');
	console.log(
		`\n### ${file}: ${Math.round(busy)} ms busy of ${Math.round(total)} ms profiled\n\n` +
			`| package | self ms | % of busy |\n| --- | --- | --- |\n${top(packages, 12)}\n\n` +
			`| function | self ms | % of busy |\n| --- | --- | --- |\n${top(functions, 25)}`
	);
}
process.exit(0);
