import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { DOSSIER_KEYS, DossierStore } from './store.ts';
import { parseDossierDocument } from './transfer.ts';

export type SeedResult = 'seeded' | 'skipped' | 'no-file';

/**
 * Loads `<eventDir>/dossier.json` when this Redis has never had a dossier: no items, no themes,
 * never seeded or imported before. One process seeds at a time (a short lock); the write itself
 * is one transaction. An invalid seed file is an error.
 */
export async function seedDossierIfEmpty(redis: Redis, eventDir: string): Promise<SeedResult> {
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

	if (await redis.exists(DOSSIER_KEYS.seeded)) return 'skipped';
	if ((await redis.set(DOSSIER_KEYS.seeding, String(process.pid), 'EX', 30, 'NX')) !== 'OK')
		return 'skipped';
	try {
		const store = new DossierStore(redis);
		if (!(await store.isEmpty())) {
			await redis.set(DOSSIER_KEYS.seeded, new Date().toISOString());
			return 'skipped';
		}
		await store.replaceDocument(parsed.doc);
		return 'seeded';
	} finally {
		await redis.del(DOSSIER_KEYS.seeding);
	}
}
