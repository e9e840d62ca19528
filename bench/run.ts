// npm run bench [-- scenario ...] [-- --smoke] [-- --profile]
// Runs the scenarios side by side with a bare baseline and writes Markdown and JSON with the
// machine's details to bench/results/ and (full runs) docs/benchmarks.md.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { machine } from './lib/machine.ts';
import { boardStorm } from './scenarios/board.ts';
import { chatFanout, type FanoutRow } from './scenarios/chat-fanout.ts';
import { firstFrame } from './scenarios/first-frame.ts';
import { idleMemory } from './scenarios/idle-memory.ts';
import { joinStorm } from './scenarios/join-storm.ts';
import { pollStorm } from './scenarios/polls.ts';
import { recorderBench } from './scenarios/recorder.ts';
import { twoNodes } from './scenarios/two-nodes.ts';

const INTRO = `# Benchmarks

Written by \`npm run bench\` (bench/run.ts); every figure below comes from one run on the machine it
names. Each scenario runs Plenair and a bare baseline under the identical load in the same run.
The server is pinned to core 0 with its children (Plenair's Redis and LiveKit: their CPU is in
"server CPU %") and the load generator to core 1 (\`taskset\`); listeners speak the
Engine.IO framing directly over \`ws\` so the generator is not the bottleneck (its CPU and event-loop
lag are in the tables). Senders follow a fixed schedule and latency is measured from the intended
send time (no coordinated omission), into an HDR histogram. Plenair listeners are signed-in guests
of the open demo event, in one breakout's chat; every message is validated, rate-limited, written
to a Redis stream (AOF, fsync always) and acknowledged before it is broadcast. The bare server
just rebroadcasts. See bench/README.md for how to run one scenario.
`;

const args = process.argv.slice(2);
const smoke = args.includes('--smoke');
if (args.includes('--profile')) {
	process.env.PLENAIR_BENCH_PROFILE_DIR = 'bench/results/profiles';
	mkdirSync(process.env.PLENAIR_BENCH_PROFILE_DIR, { recursive: true });
}
const chosen = args.filter((a) => !a.startsWith('--'));
const want = (name: string) => chosen.length === 0 || chosen.includes(name);

const size = smoke
	? {
			listeners: [20],
			rate: 5,
			seconds: 1,
			ceilingRates: [5],
			idle: 50,
			storm: 20,
			stormSeconds: 1,
			cross: 20,
			joins: 2,
			board: 10,
			boardSeconds: 2,
			recordedRooms: [1],
			recordSeconds: 3,
			voters: 20,
			pollSeconds: 1
		}
	: {
			listeners: [500, 1000, 2000],
			rate: 20,
			seconds: 10,
			ceilingRates: [20, 25, 30, 35, 40, 45, 50, 60],
			idle: 2000,
			storm: 1000,
			stormSeconds: 10,
			cross: 1000,
			joins: 10,
			board: 300,
			boardSeconds: 20,
			recordedRooms: [1, 3, 6],
			recordSeconds: 20,
			voters: 1000,
			pollSeconds: 5
		};

const results: Record<string, unknown> = { machine: machine(), smoke };
const md: string[] = [];
const table = (head: string[], rows: (string | number)[][]) =>
	[
		`| ${head.join(' | ')} |`,
		`| ${head.map(() => '---').join(' | ')} |`,
		...rows.map((r) => `| ${r.join(' | ')} |`)
	].join('\n');
const fanoutTable = (rows: FanoutRow[]) =>
	table(
		[
			'target',
			'listeners',
			'msg/s',
			'p50 ms',
			'p95 ms',
			'p99 ms',
			'max ms',
			'delivered',
			'deliveries/s',
			'server CPU %',
			'server RSS MiB',
			'generator CPU %',
			'generator lag ms'
		],
		rows.map((r) => [
			r.target,
			r.listeners,
			r.rate,
			r.latency.p50,
			r.latency.p95,
			r.latency.p99,
			r.latency.max,
			`${r.delivered}/${r.expected}`,
			r.deliveriesPerSecond,
			r.serverCpuPercent,
			r.serverRssMiB,
			r.generatorCpuPercent,
			r.generatorMaxLagMs
		])
	);

const m = results.machine as ReturnType<typeof machine>;
md.push(
	`Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}, commit ${m.commit}, ${m.date}${smoke ? ' (smoke run)' : ''}.`
);

if (want('chat-fanout')) {
	console.log('chat-fanout');
	const { rows, ceiling } = await chatFanout(size);
	results.chatFanout = { rows, ceiling };
	const ratio = (n: number) => {
		const p = rows.find((r) => r.target === 'plenair' && r.listeners === n);
		const b = rows.find((r) => r.target === 'bare' && r.listeners === n);
		return p && b
			? [
					n,
					(p.latency.p99 / Math.max(1, b.latency.p99)).toFixed(2),
					(p.deliveriesPerSecond / Math.max(1, b.deliveriesPerSecond)).toFixed(2)
				]
			: [n, '–', '–'];
	};
	const top = (t: string) =>
		Math.max(
			...ceiling
				.filter((r) => r.target === t && r.latency.p99 <= 150)
				.map((r) => r.deliveriesPerSecond),
			0
		);
	const perCpu = (t: string) => {
		const values = ceiling
			.filter((r) => r.target === t && r.serverCpuPercent > 0)
			.map((r) => r.deliveriesPerSecond / (r.serverCpuPercent / 100))
			.sort((a, b) => a - b);
		return Math.round(values[Math.floor(values.length / 2)] ?? 0);
	};
	md.push(
		`## Chat fan-out (${size.rate} messages/s, ${size.seconds} s)`,
		fanoutTable(rows),
		table(
			['listeners', 'p99 Plenair / bare', 'throughput Plenair / bare'],
			size.listeners.map(ratio)
		),
		`### Ceiling (${Math.max(...size.listeners)} listeners, rate raised until p99 passes 150 ms)`,
		fanoutTable(ceiling),
		`Highest rate with p99 ≤ 150 ms: Plenair ${top('plenair')} deliveries/s, bare ${top('bare')} deliveries/s (ratio ${(top('plenair') / Math.max(1, top('bare'))).toFixed(2)}).`,
		`Deliveries per second of server CPU (median over the ceiling's steps, a figure less noisy than the ceiling): Plenair ${perCpu('plenair')}, bare ${perCpu('bare')} (ratio ${(perCpu('plenair') / Math.max(1, perCpu('bare'))).toFixed(2)}).`
	);
}

if (want('idle-memory')) {
	console.log('idle-memory');
	const rows = await idleMemory(size.idle);
	results.idleMemory = rows;
	md.push(
		`## Memory per idle connection (${size.idle} connections)`,
		table(
			['server', 'connections', 'heap KB / connection', 'RSS KB / connection'],
			rows.map((r) => [r.target, r.connections, r.heapPerConnectionKB, r.rssPerConnectionKB])
		)
	);
}

if (want('join-storm')) {
	console.log('join-storm');
	const row = await joinStorm(size.storm, size.stormSeconds);
	results.joinStorm = row;
	md.push(
		`## Join storm (${row.attendees} attendees sign in and get a LiveKit token within ${row.seconds} s)`,
		table(
			['p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'errors', 'server CPU %'],
			[
				[
					row.latency.p50,
					row.latency.p95,
					row.latency.p99,
					row.latency.max,
					row.errors,
					row.serverCpuPercent
				]
			]
		)
	);
}

if (want('board')) {
	console.log('board');
	const rows = [
		await boardStorm('plenair', size.board, size.boardSeconds),
		await boardStorm('bare', size.board, size.boardSeconds)
	];
	results.board = rows;
	md.push(
		`## Board (${size.board} participants add a note each, then cast two votes each, in ${size.boardSeconds} s)`,
		table(
			[
				'target',
				'ops',
				'ops/s',
				'commit p50 ms',
				'commit p99 ms',
				'delivery p50 ms',
				'delivery p95 ms',
				'delivery p99 ms',
				'delivery max ms',
				'delivered',
				'refused',
				'identical boards',
				'server CPU %',
				'generator CPU %'
			],
			rows.map((r) => [
				r.target,
				r.ops,
				r.opsPerSecond,
				r.commit.p50,
				r.commit.p99,
				r.delivery.p50,
				r.delivery.p95,
				r.delivery.p99,
				r.delivery.max,
				`${r.delivered}/${r.expected}`,
				r.refused,
				r.identical,
				r.serverCpuPercent,
				r.generatorCpuPercent
			])
		)
	);
}

if (want('polls')) {
	console.log('polls');
	const rows = [
		await pollStorm('plenair', size.voters, size.pollSeconds),
		await pollStorm('bare', size.voters, size.pollSeconds)
	];
	results.polls = rows;
	md.push(
		`## Polls (${size.voters} people answer one poll within ${size.pollSeconds} s)`,
		'Plenair: half the people on each of two app nodes sharing Redis; every answer validated, authorised, rate-limited and counted by a Lua script (one answer per person). Bare: one Socket.IO process counting in memory. Both send a tally at most every 250 ms.',
		table(
			[
				'target',
				'people',
				'ack p50 ms',
				'ack p95 ms',
				'ack p99 ms',
				'ack max ms',
				'refused',
				'final tally equal',
				'tallies per client',
				'server CPU %',
				'generator CPU %'
			],
			rows.map((r) => [
				r.target,
				r.people,
				r.ack.p50,
				r.ack.p95,
				r.ack.p99,
				r.ack.max,
				r.refused,
				r.sameTally,
				r.talliesPerClient,
				r.serverCpuPercent,
				r.generatorCpuPercent
			])
		)
	);
}

if (want('two-nodes')) {
	console.log('two-nodes');
	const rows = await twoNodes(size.cross, size.rate, size.seconds);
	results.twoNodes = rows;
	md.push(
		`## Two app nodes and Redis against one node (${size.cross} listeners, ${size.rate} messages/s)`,
		fanoutTable(rows)
	);
}

if (want('first-frame')) {
	console.log('first-frame');
	const row = await firstFrame(size.joins);
	results.firstFrame = row;
	md.push(
		`## Join → first remote video frame (${row.joins} joins, Chromium, LiveKit on loopback)`,
		table(['median ms', 'p90 ms', 'max ms'], [[row.medianMs, row.p90Ms, row.maxMs]])
	);
}

if (want('recorder')) {
	console.log('recorder');
	const bench = await recorderBench(size.recordedRooms, size.recordSeconds);
	results.recorder = bench;
	md.push(
		`## Recorded rooms (${bench.publishersPerRoom} publishers per room, 720p VP8 at 1.5 Mbit/s + Opus, ${bench.seconds} s measured)`,
		'The baseline is livekit-server with the same publishers and no recorder; then one plenair-recorder joins each room. CPU in % of one core.',
		table(
			[
				'rooms',
				'livekit CPU % (bare)',
				'livekit CPU % (recording)',
				'recorder CPU % mean',
				'recorder CPU % max',
				'recorder RSS MiB mean',
				'recorder RSS MiB max'
			],
			bench.rows.map((r) => [
				r.rooms,
				r.livekitCpuPercentBare,
				r.livekitCpuPercentRecording,
				r.recorderCpuPercent.mean,
				r.recorderCpuPercent.max,
				r.recorderRssMiB.mean,
				r.recorderRssMiB.max
			])
		),
		'### Composition of one recorded room (ffmpeg, niced, 1280×720 at 25 fps)',
		table(
			['format', 'room s', 'CPU s', 'wall s', 'CPU s per room minute', 'MiB'],
			bench.compose.map((c) => [
				c.format,
				c.roomSeconds,
				c.cpuSeconds,
				c.wallSeconds,
				c.cpuSecondsPerRoomMinute,
				c.sizeMiB
			])
		)
	);
}

const markdown = md.join('\n\n') + '\n';
console.log(`\n${markdown}`);
mkdirSync('bench/results', { recursive: true });
const stamp = smoke ? 'smoke' : m.date.replace(/[:.]/g, '-');
writeFileSync(`bench/results/${stamp}.json`, JSON.stringify(results, null, 2));
writeFileSync(`bench/results/${stamp}.md`, markdown);
if (!smoke && chosen.length === 0)
	writeFileSync(
		'docs/benchmarks.md',
		`${INTRO}\n${markdown}\n${readFileSync('bench/limits.md', 'utf8')}`
	);
process.exit(0);
