import { SearchIndex } from '../../shared/dossier/search.ts';
import type { DossierItem, DossierTheme } from '../../shared/dossier/schema.ts';
import { seedDossierIfEmpty } from './seed.ts';
import type { DossierStore } from './store.ts';
import { log } from '../log.ts';

/** The published dossier at one version, with its search index; shared by all requests. */
export interface DossierSnapshot {
	version: number;
	themes: DossierTheme[];
	items: DossierItem[];
	byId: Map<string, DossierItem>;
	index: SearchIndex;
}

/**
 * The dossier of this process (`services.dossier`): its store, the demo seed loaded on first
 * use, and the published dossier with its search index, kept until its version moves.
 */
export class Dossier {
	readonly store: DossierStore;
	readonly #seedDir: string;
	#seeding: Promise<void> | undefined;
	#snapshot: DossierSnapshot | undefined;

	/** `seedDir` holds the `dossier.json` seeded into an empty Redis (the event file's folder). */
	constructor(store: DossierStore, seedDir: string) {
		this.store = store;
		this.#seedDir = seedDir;
	}

	/**
	 * Seeds the demo dossier on the first dossier request of this process (not at start-up). A
	 * failure is logged and tried again on the next request.
	 */
	ensureSeeded(): Promise<void> {
		this.#seeding ??= seedDossierIfEmpty(this.store, this.#seedDir).then(
			(result) => {
				if (result === 'seeded') log('dossier').info(`loaded ${this.#seedDir}/dossier.json`);
			},
			(error: unknown) => {
				this.#seeding = undefined;
				log('dossier').error({ err: (error as Error).message }, 'seeding failed');
			}
		);
		return this.#seeding;
	}

	/**
	 * The published dossier. Reloaded from Redis only when its version moved, so every node of a
	 * cluster sees changes made on another at its next request.
	 */
	async snapshot(): Promise<DossierSnapshot> {
		const version = await this.store.version();
		const cached = this.#snapshot;
		if (cached && cached.version === version) return cached;
		const [themes, items] = await Promise.all([this.store.themes(), this.store.items()]);
		const snapshot: DossierSnapshot = {
			version,
			themes,
			items,
			byId: new Map(items.map((item) => [item.id, item])),
			index: new SearchIndex(items)
		};
		this.#snapshot = snapshot;
		return snapshot;
	}

	/** What every dossier page starts with: seeded if needed, then the current snapshot. */
	async open(): Promise<DossierSnapshot> {
		await this.ensureSeeded();
		return this.snapshot();
	}

	/**
	 * "Leesvoer" for a session page: its related published items. The programme must not fail
	 * because of the dossier, so a Redis problem shows no reading tips rather than an error.
	 */
	async reading(
		sessionId: string
	): Promise<{ id: string; title: string; kind: DossierItem['kind'] }[]> {
		try {
			const dossier = await this.open();
			return readingFor(dossier, sessionId).map(({ id, title, kind }) => ({ id, title, kind }));
		} catch (error) {
			log('dossier').error({ session: sessionId, err: (error as Error).message }, 'no reading');
			return [];
		}
	}
}

/** Published items related to one programme session, by title. */
export function readingFor(snapshot: DossierSnapshot, sessionId: string): DossierItem[] {
	return snapshot.items
		.filter((item) => item.sessions.includes(sessionId))
		.sort((a, b) => a.title.localeCompare(b.title, 'nl'));
}
