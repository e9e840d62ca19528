import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { EventFile } from '../../shared/event-schema.ts';
import { programmeKeys } from '../redis-keys.ts';
import type { ProgrammeStore, SaveResult, StoredProgramme } from './programme-store.ts';
import { log } from '../log.ts';

export type ProgrammeListener = (next: StoredProgramme, previous: StoredProgramme) => void;

/**
 * This node's copy of the programme. It starts from the event file, switches to the stored
 * version once Redis answers (seeding a fresh instance from the file), and follows every save on
 * any node through a pub/sub channel; after a lost connection it reads the version again.
 * Request and socket handlers read `event` synchronously.
 */
export class LiveProgramme {
	#current: StoredProgramme;
	readonly store: ProgrammeStore;
	readonly #seedHash: string;
	readonly #now: () => number;
	readonly #listeners = new Set<ProgrammeListener>();
	#subscriber?: Redis;

	constructor(store: ProgrammeStore, fromFile: EventFile, now: () => number) {
		this.store = store;
		this.#now = now;
		this.#seedHash = createHash('sha256').update(JSON.stringify(fromFile)).digest('hex');
		// Version 0: not yet read from Redis; a save from it is refused until then.
		this.#current = { version: 0, event: fromFile, savedAt: now(), savedBy: null };
	}

	get event(): EventFile {
		return this.#current.event;
	}

	get current(): StoredProgramme {
		return this.#current;
	}

	/** Reads (or seeds) the stored version; call on every Redis (re)connect. */
	async sync(): Promise<void> {
		const stored = await this.store.seed(this.#current.event, this.#seedHash, this.#now());
		this.#apply(stored);
	}

	/** Follows saves made on any node; `subscriber` is a connection of its own (pub/sub mode). */
	follow(subscriber: Redis): void {
		this.#subscriber = subscriber;
		// The main connection reports Redis being away.
		subscriber.on('error', () => {});
		subscriber.on('message', (channel: string) => {
			if (channel === programmeKeys.changed) void this.#reload();
		});
		subscriber.on('ready', () => void this.#reload());
		void subscriber.subscribe(programmeKeys.changed).catch(() => {
			// retried by ioredis on reconnect (autoResubscribe)
		});
	}

	async stop(): Promise<void> {
		await this.#subscriber?.quit().catch(() => this.#subscriber?.disconnect());
	}

	/** Saves a new version made from `baseVersion`; on success this node has it at once. */
	async save(
		event: EventFile,
		baseVersion: number,
		by: { id: string; name: string },
		summary: string
	): Promise<SaveResult> {
		const result = await this.store.save(event, baseVersion, by, this.#now(), summary);
		this.#apply(result.ok ? result.stored : result.current);
		return result;
	}

	/** Called with each newer version this node learns of (once per version). */
	onChange(listener: ProgrammeListener): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	async #reload(): Promise<void> {
		try {
			const stored = await this.store.load();
			if (stored) this.#apply(stored);
		} catch (error) {
			log('programme').error({ err: (error as Error).message }, 'follow failed');
		}
	}

	#apply(next: StoredProgramme): void {
		const previous = this.#current;
		if (next.version < previous.version) return;
		if (next.version === previous.version && next.savedAt === previous.savedAt) return;
		this.#current = next;
		// Reading the seed at start-up is not a change anyone has to hear about.
		if (previous.version === 0) return;
		for (const listener of this.#listeners) {
			try {
				listener(next, previous);
			} catch (error) {
				log('programme').error({ err: (error as Error).message }, 'listener failed');
			}
		}
	}
}
