// npm run bench [-- scenario ...] [-- --smoke]   (a CPU profile: npm run bench:profile)
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
The server is pinned to core 0 with its children (Plenair's Redis and LiveKit: their CPU and
memory are in the server's figures), the load generators and the sender to core 1 (\`taskset\`,
checked with the kernel). Listeners speak the Engine.IO framing directly over \`ws\`, split over
two generator processes (their CPU and event-loop lag are in the tables). Both targets get the
same ~100-character chat text. Senders follow a fixed schedule and latency is measured from the
intended send time (no coordinated omission) into HDR histograms. Each step warms up, then is
measured several times (the repeats); a step passes only if every repeat delivered every message
within 1 s and kept p99 ≤ 150 ms, and the tables show the spread. Throughput is what was
delivered divided by the time from the first send to the last delivery. Plenair listeners are
signed-in guests of the open demo event in one breakout's chat; every message is validated,
authorised, rate-limited, written to a Redis stream (AOF, fsync always) and acknowledged before
it is broadcast. The bare server just rebroadcasts. See bench/README.md for one scenario at a
time.
`;

const args = process.argv.slice(2);
const smoke = args.includes('--smoke');
const chosen = args.filter((a) => !a.startsWith('--'));
/**
 * A smoke run (CI's bench-smoke test) leaves out the three slowest scenarios (Chromium, the
 * recorder, and idle-memory's two app starts); name them to smoke them too
 * (`npm run bench -- --smoke first-frame recorder idle-memory`).
 */
const SLOW_TO_SMOKE = ['first-frame', 'recorder', 'idle-memory'];
const want = (name: string) =>
	chosen.length > 0 ? chosen.includes(name) : !(smoke && SLOW_TO_SMOKE.includes(name));

const size = smoke
	? {
			listeners: [20],
			rate: 5,
			seconds: 1,
			warmupSeconds: 0,
			repeats: 1,
			generators: 1,
			ceilingRates: [5],
			idle: 50,
			storm: 20,
			stormSeconds: 1,
			cross: 20,
			joins: 1,
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
			warmupSeconds: 2,
			repeats: 3,
			generators: 2,
			ceilingRates: [10, 20, 30, 40, 50, 60, 70, 80, 100, 120, 140, 160, 200],
			idle: 2000,
			storm: 1000,
			stormSeconds: 10,
			cross: 1000,
			joins: 30,
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
const median = (values: number[]) =>
	values.toSorted((a, b) => a - b)[Math.floor((values.length - 1) / 2)] ?? 0;
const spread = (values: number[]) =>
	Math.min(...values) === Math.max(...values)
		? String(values[0])
		: `${Math.min(...values)}–${Math.max(...values)}`;
const fanoutTable = (rows: FanoutRow[]) =>
	table(
		[
			'target',
			'listeners',
			'msg/s',
			'repeats',
			'p50 ms',
			'p99 ms (spread)',
			'max ms',
			'lost',
			'deliveries/s (min)',
			'bytes/delivery',
			'CPU µs/delivery',
			'server CPU %',
			'server RSS MiB',
			'generators CPU %',
			'generator lag ms',
			'passes'
		],
		rows.map((r) => [
			r.target,
			r.listeners,
			r.rate,
			r.runs.length,
			median(r.runs.map((x) => x.latency.p50)),
			spread(r.runs.map((x) => x.latency.p99)),
			Math.max(...r.runs.map((x) => x.latency.max)),
			r.runs.reduce((n, x) => n + x.lost, 0),
			Math.min(...r.runs.map((x) => x.deliveriesPerSecond)),
			median(r.runs.map((x) => x.bytesPerDelivery)),
			median(r.runs.map((x) => x.cpuMicrosPerDelivery)),
			median(r.runs.map((x) => x.serverCpuPercent)),
			Math.max(...r.runs.map((x) => x.serverRssMiB)),
			median(r.runs.map((x) => x.generatorCpuPercent)),
			Math.max(...r.runs.map((x) => x.generatorMaxLagMs)),
			r.passed ? 'yes' : '**no**'
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
	const ceilingOf = (t: string) => {
		const steps = ceiling.filter((r) => r.target === t);
		const passed = steps.filter((r) => r.passed).at(-1);
		return {
			deliveries: passed ? Math.min(...passed.runs.map((x) => x.deliveriesPerSecond)) : 0,
			rate: passed?.rate ?? 0,
			// Every step passed: the search ran out of rates, so the figure is a lower bound.
			reached: steps.some((r) => !r.passed)
		};
	};
	const at = (t: string, n: number) =>
		rows.find((r) => r.target === t && r.listeners === n && r.rate === size.rate);
	const largest = Math.max(...size.listeners);
	const plenairRow = at('plenair', largest);
	const bareRow = at('bare', largest);
	const bareP99 = median(bareRow?.runs.map((x) => x.latency.p99) ?? [0]);
	// Goals on a threshold count as met only when every repeat meets them.
	const worstP99Ratio = Math.max(
		...(plenairRow?.runs.map((x) => x.latency.p99 / Math.max(1, bareP99)) ?? [Infinity])
	);
	const bytesRatio =
		Math.max(...(plenairRow?.runs.map((x) => x.bytesPerDelivery) ?? [Infinity])) /
		Math.max(1, median(bareRow?.runs.map((x) => x.bytesPerDelivery) ?? [0]));
	const ours = ceilingOf('plenair');
	const bare = ceilingOf('bare');
	const ceilingRatio = ours.deliveries / Math.max(1, bare.deliveries);
	const goals: [string, string, boolean][] = [
		[
			`fan-out p99 at ${largest} × ${size.rate}/s ≤ 1.2× bare (every repeat)`,
			worstP99Ratio.toFixed(2),
			worstP99Ratio <= 1.2
		],
		[
			'ceiling (deliveries/s, every repeat lossless and p99 ≤ 150 ms) ≥ 1.5× bare',
			ours.deliveries && bare.deliveries
				? `${ours.deliveries} / ${bare.deliveries}${bare.reached ? '' : ' (bare not reached: a bound)'} = ${ceilingRatio.toFixed(2)}`
				: `no ratio: ${ours.deliveries ? 'bare' : 'Plenair'} failed the first step`,
			ours.deliveries > 0 && bare.deliveries > 0 && ceilingRatio >= 1.5 && bare.reached
		],
		[
			'bytes per delivered message ≤ 1.3× bare (same text)',
			bytesRatio.toFixed(2),
			bytesRatio <= 1.3
		]
	];
	results.chatGoals = goals;
	md.push(
		`## Chat fan-out (${size.rate} messages/s, ${size.seconds} s × ${size.repeats} after ${size.warmupSeconds} s warm-up)`,
		fanoutTable(rows),
		`### Ceiling (${largest} listeners, the rate raised until a step fails)`,
		fanoutTable(ceiling),
		`Ceiling: Plenair ${ours.deliveries} deliveries/s (${ours.rate} msg/s${ours.reached ? '' : ', not reached'}), bare ${bare.deliveries} deliveries/s (${bare.rate} msg/s${bare.reached ? '' : ', not reached'}).`,
		'### Goals',
		table(
			['goal', 'result', 'met'],
			goals.map(([goal, result, met]) => [goal, result, met ? 'yes' : '**no**'])
		)
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
		),
		`Goal: heap ≤ 11 KB per idle attendee in a room: ${rows[0].heapPerConnectionKB} KB, ${rows[0].heapPerConnectionKB <= 11 ? 'met' : '**not met**'}.`
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
	const rate = size.rate * 2;
	// The smoke run checks the harness, not the adapters: one of them is enough.
	const rows = await twoNodes(size.cross, rate, size, smoke ? ['pubsub'] : undefined);
	results.twoNodes = rows;
	md.push(
		`## Two app nodes against one node, per Socket.IO adapter (${size.cross} listeners on node B, ${rate} messages/s sent through node A)`,
		'Server figures count the same set in each row: the node(s) with the Redis and LiveKit they share.',
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
