import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DossierStore } from './store.ts';
import { parseDossierDocument } from './transfer.ts';

export type SeedResult = 'seeded' | 'skipped' | 'no-file';

/**
 * Loads `<eventDir>/dossier.json` when this Redis has never had a dossier (see
 * DossierStore.seedIfNew). An invalid seed file is an error.
 */
export async function seedDossierIfEmpty(
	store: DossierStore,
	eventDir: string
): Promise<SeedResult> {
	const file = join(eventDir, 'dossier.json');
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'no-file';
		throw error;
	}
	const parsed = parseDossierDocument(text);
	if (!parsed.ok)
		throw new Error(
			`Invalid dossier seed ${file}:\n${parsed.problems.map((p) => `  - ${p}`).join('\n')}`
		);
	return store.seedIfNew(parsed.doc);
}
