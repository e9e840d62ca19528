import { dirname } from 'node:path';
import type { Redis } from 'ioredis';
import { SearchIndex } from '../../shared/dossier/search.ts';
import type { DossierItem, DossierTheme } from '../../shared/dossier/schema.ts';
import { seedDossierIfEmpty } from './seed.ts';
import { DossierStore } from './store.ts';

/** The published dossier at one version, with its search index; shared by all requests. */
export interface DossierSnapshot {
	version: number;
	themes: DossierTheme[];
	items: DossierItem[];
	byId: Map<string, DossierItem>;
	index: SearchIndex;
}

const seeding = new WeakMap<Redis, Promise<void>>();
const snapshots = new WeakMap<Redis, DossierSnapshot>();

/**
 * Seeds the demo dossier on the first dossier request of this process (not at start-up). A
 * failure is logged and tried again on the next request.
 */
export function ensureDossier(redis: Redis, eventFile: string): Promise<void> {
	let pending = seeding.get(redis);
	if (!pending) {
		const eventDir = dirname(eventFile);
		pending = seedDossierIfEmpty(redis, eventDir).then(
			(result) => {
				if (result === 'seeded') console.log(`Dossier: loaded ${eventDir}/dossier.json`);
			},
			(error: unknown) => {
				seeding.delete(redis);
				console.error(`Dossier: seeding failed: ${(error as Error).message}`);
			}
		);
		seeding.set(redis, pending);
	}
	return pending;
}

/**
 * The published dossier. Reloaded from Redis only when its version moved, so every node of a
 * cluster sees changes made on another at its next request.
 */
export async function dossierSnapshot(redis: Redis): Promise<DossierSnapshot> {
	const store = new DossierStore(redis);
	const version = await store.version();
	const cached = snapshots.get(redis);
	if (cached && cached.version === version) return cached;
	const [themes, items] = await Promise.all([store.themes(), store.items()]);
	const snapshot: DossierSnapshot = {
		version,
		themes,
		items,
		byId: new Map(items.map((item) => [item.id, item])),
		index: new SearchIndex(items)
	};
	snapshots.set(redis, snapshot);
	return snapshot;
}

/** What every dossier page starts with: seeded if needed, then the current snapshot. */
export async function openDossier(services: {
	redis: Redis;
	config: { eventFile: string };
}): Promise<DossierSnapshot> {
	await ensureDossier(services.redis, services.config.eventFile);
	return dossierSnapshot(services.redis);
}

/** Published items related to one programme session, newest first. */
export function readingFor(snapshot: DossierSnapshot, sessionId: string): DossierItem[] {
	return snapshot.items
		.filter((item) => item.sessions.includes(sessionId))
		.sort((a, b) => a.title.localeCompare(b.title, 'nl'));
}

export { DossierStore } from './store.ts';

/**
 * "Leesvoer" for a session page: its related published items. The programme must not fail
 * because of the dossier, so a Redis problem shows no reading tips rather than an error.
 */
export async function sessionReading(
	services: { redis: Redis; config: { eventFile: string } },
	sessionId: string
): Promise<{ id: string; title: string; kind: DossierItem['kind'] }[]> {
	try {
		const dossier = await openDossier(services);
		return readingFor(dossier, sessionId).map(({ id, title, kind }) => ({ id, title, kind }));
	} catch (error) {
		console.error(`Dossier: no reading for ${sessionId}: ${(error as Error).message}`);
		return [];
	}
}
