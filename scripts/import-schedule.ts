// npm run import-schedule -- <schedule.json> --out <event.yaml> [--dry-run]
// Converts a frab / c3voc schedule.json into a Plenair event file (the conversion itself is in
// src/lib/server/interop/import-schedule.ts).
import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { EventFile } from '../src/lib/shared/event-schema.ts';
import { EventFileError, parseEventFile } from '../src/lib/server/event-file.ts';
import { diffSessions, type SessionsDiff } from '../src/lib/server/interop/event-diff.ts';
import {
	eventFileYaml,
	importSchedule,
	MAX_SCHEDULE_BYTES
} from '../src/lib/server/interop/import-schedule.ts';

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
		for (const { path, message } of result.problems) io.err(`  - ${path}: ${message}`);
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
	await writeFile(temp, text, 'utf8');
	await rename(temp, file);
}

if (process.argv[1]?.endsWith('import-schedule.ts'))
	process.exitCode = await importScheduleCli(process.argv.slice(2));
