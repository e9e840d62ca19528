// Moves a dossier between events as one JSON document:
//   npm run dossier -- export <file>
//   npm run dossier -- import <file> [--dry-run]
// An import replaces every theme and item (tips under review stay) in one transaction.
import { readFile, stat, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { withAppRedis } from '../server/app-redis.ts';
import { z } from 'zod';
import { parseConfig } from '../src/lib/server/config.ts';
import {
	dossierJson,
	dossierWarnings,
	MAX_DOSSIER_BYTES,
	parseDossierDocument
} from '../src/lib/server/dossier/transfer.ts';
import { loadEventFile } from '../src/lib/server/event-file.ts';
import { createStores } from '../src/lib/server/stores.ts';
import type { DossierStore } from '../src/lib/server/dossier/store.ts';

const USAGE = 'usage: npm run dossier -- export <file> | import <file> [--dry-run]';

const ArgsSchema = z.discriminatedUnion('command', [
	z.object({ command: z.literal('export'), file: z.string().min(1), dryRun: z.literal(false) }),
	z.object({ command: z.literal('import'), file: z.string().min(1), dryRun: z.boolean() })
]);
type Args = z.infer<typeof ArgsSchema>;

function parseCommandLine(argv: string[]): Args {
	const { positionals, values } = parseArgs({
		args: argv,
		allowPositionals: true,
		options: { 'dry-run': { type: 'boolean', default: false } }
	});
	if (positionals.length !== 2) throw new Error(USAGE);
	const parsed = ArgsSchema.safeParse({
		command: positionals[0],
		file: positionals[1],
		dryRun: values['dry-run']
	});
	if (!parsed.success) throw new Error(USAGE);
	return parsed.data;
}

/** Runs a task on the dossier store of the app's Redis. */
function withDossier<T>(run: (store: DossierStore) => Promise<T>): Promise<T> {
	const config = parseConfig(process.env);
	return withAppRedis(config, (redis) => run(createStores(redis, config).dossier.store));
}

async function main(): Promise<number> {
	const args = parseCommandLine(process.argv.slice(2));

	if (args.command === 'export') {
		const doc = await withDossier((store) => store.exportDocument());
		await writeFile(args.file, dossierJson(doc));
		console.log(`Wrote ${args.file}: ${doc.themes.length} themes, ${doc.items.length} items.`);
		return 0;
	}

	if ((await stat(args.file)).size > MAX_DOSSIER_BYTES)
		throw new Error(`${args.file} is larger than ${MAX_DOSSIER_BYTES / 1024 / 1024} MB`);
	const parsed = parseDossierDocument(await readFile(args.file, 'utf8'));
	if (!parsed.ok) {
		console.error(`Refused ${args.file}: ${parsed.problems.length} problem(s), nothing changed.`);
		for (const problem of parsed.problems) console.error(`  - ${problem}`);
		return 1;
	}
	const config = parseConfig(process.env);
	const event = await loadEventFile(config.eventFile).catch(() => undefined);
	for (const warning of dossierWarnings(parsed.doc, event)) console.warn(`warning: ${warning}`);

	return withDossier(async (store) => {
		const before = (await store.items()).length;
		const summary = `${parsed.doc.themes.length} themes and ${parsed.doc.items.length} items replace the ${before} items now in the dossier`;
		if (args.dryRun) {
			console.log(`Dry run: ${summary}. Nothing was changed.`);
			return 0;
		}
		await store.replaceDocument(parsed.doc);
		console.log(`Imported ${args.file}: ${summary}.`);
		return 0;
	});
}

main().then(
	(code) => (process.exitCode = code),
	(error: unknown) => {
		console.error(error instanceof Error ? error.message : error);
		process.exitCode = 1;
	}
);
