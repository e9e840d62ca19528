// The dress rehearsal: the whole evening with simulated attendees on two app nodes and two
// livekit-server nodes behind front balancers (docs/rehearsal.md).
//   npm run rehearsal -- [--attendees 1000] [--speed 60] [--from 15:55] [--to 22:05]
//                        [--media 20] [--chat 0.5] [--no-faults] [--seed 1]
// Needs `npm run build`. Prints its tables and writes them to bench/results/rehearsal-<time>.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { format, resolveConfig } from 'prettier';
import { z } from 'zod';
import { loadEventFile } from '../../src/lib/server/event-file.ts';
import type { EventFile } from '../../src/lib/shared/event-schema.ts';
import { instantOnDayOf } from '../../src/lib/shared/zoned-time.ts';
import { machine } from '../lib/machine.ts';
import { formatReport } from './format.ts';
import { rehearse } from './rehearsal.ts';

const EVENT_FILE = 'events/cooperatieven-maken-de-stad/event.yaml';
const Time = z.string().regex(/^\d{1,2}:\d{2}$/, 'a time like 15:55');
const Args = z.object({
	attendees: z.coerce.number().int().min(1).max(20_000),
	speed: z.coerce.number().min(1).max(1000),
	from: Time,
	to: Time,
	media: z.coerce.number().int().min(0).max(200),
	chat: z.coerce.number().min(0).max(60),
	seed: z.coerce.number().int(),
	'no-faults': z.boolean(),
	deadline: z.coerce.number().int().min(1000)
});

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			attendees: { type: 'string', default: '1000' },
			speed: { type: 'string', default: '60' },
			from: { type: 'string', default: '15:55' },
			to: { type: 'string', default: '22:05' },
			media: { type: 'string', default: '20' },
			chat: { type: 'string', default: '0.5' },
			seed: { type: 'string', default: '1' },
			'no-faults': { type: 'boolean', default: false },
			deadline: { type: 'string', default: '30000' }
		}
	});
	const parsed = Args.safeParse(values);
	if (!parsed.success) throw new Error(`npm run rehearsal: ${z.prettifyError(parsed.error)}`);
	const args = parsed.data;
	const event = await loadEventFile(EVENT_FILE);
	const at = (time: string) => instantOnDayOf(event.event.start, time, event.event.timezone);
	const started = Date.now();
	const report = await rehearse({
		eventFile: EVENT_FILE,
		from: at(args.from),
		to: at(args.to),
		speed: args.speed,
		attendees: args.attendees,
		media: args.media,
		chatPerMinute: args.chat,
		faults: args['no-faults']
			? {}
			: { app: halfway(event, 'ronde-2'), livekit: halfway(event, 'ronde-3') },
		seed: args.seed,
		deadlineMs: args.deadline,
		log: (line) => console.log(`[rehearsal] ${line}`)
	});
	const file = `bench/results/rehearsal-${new Date(started).toISOString().replace(/[:.]/g, '-')}.md`;
	// Formatted as the repository's Markdown is (the lint checks bench/results too).
	const text = await format(formatReport(report, machine(), (Date.now() - started) / 1000), {
		...(await resolveConfig(file)),
		filepath: file
	});
	console.log(`\n${text}`);
	mkdirSync('bench/results', { recursive: true });
	writeFileSync(file, text);
	console.log(`written to ${file}`);
	process.exit(0);
}

/** Halfway a round: where the rehearsal puts its faults. */
function halfway(event: EventFile, round: string): number | undefined {
	const r = event.rounds.find((x) => x.id === round);
	return r && (Date.parse(r.start) + Date.parse(r.end)) / 2;
}

main().catch((error: Error) => {
	console.error(error.message);
	process.exit(1);
});
