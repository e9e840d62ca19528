// npm run import-schedule -- <schedule.json> --out <event.yaml> [--time-zone <zone>] [--dry-run]
// Converts a frab / c3voc schedule.json into a Plenair event file (the conversion itself is in
// src/lib/server/interop/import-schedule.ts).
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { TimeZoneSchema, type EventFile } from '../src/lib/shared/event-schema.ts';
import { EventFileError, parseEventFile } from '../src/lib/server/event-file.ts';
import { diffSessions, type SessionsDiff } from '../src/lib/server/interop/event-diff.ts';
import {
	eventFileYaml,
	importScheduleBytes,
	MAX_SCHEDULE_BYTES,
	ZONE_PATH
} from '../src/lib/server/interop/import-schedule.ts';

const USAGE =
	'usage: npm run import-schedule -- <schedule.json> --out <event.yaml> ' +
	'[--time-zone <IANA zone, e.g. Europe/Amsterdam>] [--dry-run]';

const ArgsSchema = z.object({
	input: z.string().min(1),
	out: z.string().min(1, '--out <event.yaml> is required'),
	timeZone: TimeZoneSchema.optional(),
	dryRun: z.boolean()
});

export interface Io {
	out: (line: string) => void;
	err: (line: string) => void;
}

const consoleIo: Io = { out: (l) => console.log(l), err: (l) => console.error(l) };

/**
 * `import-schedule`: converts a frab / c3voc schedule.json into a Plenair event file. Returns the
 * exit code: 2 for wrong arguments, 1 for a refused input or a folder that is not there (nothing
 * written), 0 otherwise; warnings go to `err` as `warning: path: message`.
 */
export async function importScheduleCli(argv: string[], io: Io = consoleIo): Promise<number> {
	let args: z.infer<typeof ArgsSchema>;
	let zoneArg: string | undefined;
	try {
		const { values, positionals } = parseArgs({
			args: argv,
			options: {
				out: { type: 'string' },
				'time-zone': { type: 'string' },
				'dry-run': { type: 'boolean', default: false }
			},
			allowPositionals: true
		});
		if (positionals.length !== 1) throw new Error('give exactly one schedule.json');
		zoneArg = values['time-zone'];
		args = ArgsSchema.parse({
			input: positionals[0],
			out: values.out ?? '',
			timeZone: values['time-zone'],
			dryRun: values['dry-run']
		});
	} catch (error) {
		const message =
			error instanceof z.ZodError
				? error.issues
						.map((i) =>
							i.path[0] === 'timeZone' ? `--time-zone ${zoneArg}: ${i.message}` : i.message
						)
						.join('; ')
				: String(error);
		io.err(`${message}\n${USAGE}`);
		return 2;
	}

	const folder = dirname(args.out);
	const missing = await folderProblem(folder);
	if (missing) {
		io.err(`Cannot write ${args.out}: ${missing}.`);
		return 1;
	}

	let bytes: Uint8Array;
	try {
		if ((await stat(args.input)).size > MAX_SCHEDULE_BYTES)
			throw new Error(`larger than ${MAX_SCHEDULE_BYTES / 1024 / 1024} MB`);
		bytes = await readFile(args.input);
	} catch (error) {
		io.err(`Cannot read ${args.input}: ${(error as Error).message}`);
		return 1;
	}

	const result = importScheduleBytes(bytes, { timeZone: args.timeZone });
	if (!result.ok) {
		io.err(`Refused ${args.input}: ${result.problems.length} problem(s), nothing written.`);
		for (const { path, message } of result.problems) io.err(`  - ${path}: ${message}`);
		if (!args.timeZone && result.problems.some((p) => p.path === ZONE_PATH))
			io.err('Give the time zone with --time-zone, e.g. --time-zone Europe/Amsterdam.');
		return 1;
	}
	for (const { path, message } of result.warnings) io.err(`warning: ${path}: ${message}`);

	const existing = await readExisting(args.out, io);
	const diff = diffSessions(existing, result.file);
	for (const line of describeDiff(diff)) io.out(line);

	if (args.dryRun) {
		io.out(`Dry run: ${args.out} was not changed.`);
		return 0;
	}
	try {
		await writeAtomically(args.out, eventFileYaml(result.file, basename(args.input)));
	} catch (error) {
		io.err(`Cannot write ${args.out}: ${(error as Error).message}`);
		return 1;
	}
	const warned = result.warnings.length > 0 ? `, ${result.warnings.length} warning(s)` : '';
	io.out(`Wrote ${args.out} (${result.file.sessions.length} sessions${warned}).`);
	return 0;
}

/** Why `folder` cannot take the output file, checked before any work is done. */
async function folderProblem(folder: string): Promise<string | undefined> {
	try {
		return (await stat(folder)).isDirectory() ? undefined : `${folder} is not a folder`;
	} catch {
		return `the folder ${folder} does not exist`;
	}
}

async function readExisting(file: string, io: Io): Promise<EventFile | undefined> {
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch {
		io.out(`${file} does not exist yet: every session is new.`);
		return undefined;
	}
	try {
		return parseEventFile(text, file);
	} catch (error) {
		const reason = error instanceof EventFileError ? error.problems[0] : String(error);
		io.out(`${file} is not a valid event file (${reason}): every session counts as new.`);
		return undefined;
	}
}

function describeDiff(diff: SessionsDiff): string[] {
	const lines = [
		`${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed`
	];
	for (const s of diff.added) lines.push(`  + ${s.id}`);
	for (const s of diff.removed) lines.push(`  - ${s.id}`);
	for (const { id, changes } of diff.changed) {
		const parts = changes.map((c) =>
			c.before !== undefined
				? `${c.field} ${c.before} → ${c.after}`
				: c.translationsOnly
					? `${c.field} (one language kept)`
					: c.field
		);
		lines.push(`  ~ ${id}: ${parts.join('; ')}`);
	}
	return lines;
}

async function writeAtomically(file: string, text: string): Promise<void> {
	const temp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
	try {
		await writeFile(temp, text, 'utf8');
		await rename(temp, file);
	} catch (error) {
		await rm(temp, { force: true });
		throw error;
	}
}

if (process.argv[1]?.endsWith('import-schedule.ts'))
	process.exitCode = await importScheduleCli(process.argv.slice(2));
