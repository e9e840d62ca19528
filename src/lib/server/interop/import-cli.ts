import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { z } from 'zod';
import type { EventFile } from '../../shared/event-schema.ts';
import { EventFileError, parseEventFile } from '../event-file.ts';
import { diffSessions, type SessionsDiff } from './event-diff.ts';
import { importSchedule, MAX_SCHEDULE_BYTES } from './import-schedule.ts';
import { formatProblem } from './json-path.ts';

const USAGE = 'usage: npm run import-schedule -- <schedule.json> --out <event.yaml> [--dry-run]';

const ArgsSchema = z.object({
	input: z.string().min(1),
	out: z.string().min(1, '--out <event.yaml> is required'),
	dryRun: z.boolean()
});

export interface Io {
	out: (line: string) => void;
	err: (line: string) => void;
}

const consoleIo: Io = { out: (l) => console.log(l), err: (l) => console.error(l) };

/**
 * `import-schedule`: converts a frab / c3voc schedule.json into a Plenair event file. Returns the
 * exit code; a refused input writes nothing.
 */
export async function importScheduleCli(argv: string[], io: Io = consoleIo): Promise<number> {
	let args: z.infer<typeof ArgsSchema>;
	try {
		const { values, positionals } = parseArgs({
			args: argv,
			options: { out: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
			allowPositionals: true
		});
		if (positionals.length !== 1) throw new Error('give exactly one schedule.json');
		args = ArgsSchema.parse({
			input: positionals[0],
			out: values.out ?? '',
			dryRun: values['dry-run']
		});
	} catch (error) {
		const message =
			error instanceof z.ZodError ? error.issues.map((i) => i.message).join('; ') : String(error);
		io.err(`${message}\n${USAGE}`);
		return 2;
	}

	let text: string;
	try {
		if ((await stat(args.input)).size > MAX_SCHEDULE_BYTES)
			throw new Error(`larger than ${MAX_SCHEDULE_BYTES / 1024 / 1024} MB`);
		text = await readFile(args.input, 'utf8');
	} catch (error) {
		io.err(`Cannot read ${args.input}: ${(error as Error).message}`);
		return 1;
	}

	const result = importSchedule(text);
	if (!result.ok) {
		io.err(`Refused ${args.input}: ${result.problems.length} problem(s), nothing written.`);
		for (const problem of result.problems) io.err(`  - ${formatProblem(problem)}`);
		return 1;
	}

	const existing = await readExisting(args.out, io);
	const diff = diffSessions(existing, result.file);
	for (const line of describeDiff(diff)) io.out(line);

	if (args.dryRun) {
		io.out(`Dry run: ${args.out} was not changed.`);
		return 0;
	}
	await writeAtomically(args.out, eventFileYaml(result.file, basename(args.input)));
	io.out(`Wrote ${args.out} (${result.file.sessions.length} sessions).`);
	return 0;
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

export function describeDiff(diff: SessionsDiff): string[] {
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

/** YAML without the empty lists and defaults the schema fills in, so the file reads like ours. */
export function eventFileYaml(file: EventFile, source: string): string {
	const sessions = file.sessions.map((s) =>
		Object.fromEntries(Object.entries(s).filter(([, v]) => !(Array.isArray(v) && v.length === 0)))
	);
	return (
		`# Imported from ${source.replace(/[\p{C}]/gu, '?')} by Plenair (npm run import-schedule).\n` +
		stringify({ ...file, sessions }, { lineWidth: 100 })
	);
}

async function writeAtomically(file: string, text: string): Promise<void> {
	const temp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
	await writeFile(temp, text, 'utf8');
	await rename(temp, file);
}
