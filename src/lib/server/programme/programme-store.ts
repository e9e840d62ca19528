import type { Redis } from 'ioredis';
import { z } from 'zod';
import { EventFileSchema, type EventFile } from '../../shared/event-schema.ts';
import { programmeKeys } from '../redis-keys.ts';
import { defineScript, type Script } from '../redis-script.ts';

/** One version of the programme as Redis keeps it. */
export const StoredProgrammeSchema = z.object({
	version: z.number().int().positive(),
	event: EventFileSchema,
	savedAt: z.number(),
	/** Who saved it; null for a version loaded from the event file. */
	savedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
	/** For a version loaded from the event file: the file's hash. */
	seedHash: z.string().optional()
});
export type StoredProgramme = z.infer<typeof StoredProgrammeSchema>;

export type SaveResult =
	| { ok: true; stored: StoredProgramme }
	/** Someone saved another version since `baseVersion`: nothing was written. */
	| { ok: false; current: StoredProgramme };

/** Versions kept in the history (each with its whole programme, some tens of KB). */
const HISTORY_LENGTH = 200;

// KEYS: current, history. ARGV: the version the writer started from ('' = none), the new
// version, its JSON, the history entry's summary, who, when, the channel, whether a stored
// seed (version 1, never edited) may be replaced.
const SAVE = `
local version = redis.call('HGET', KEYS[1], 'version')
if version and version ~= ARGV[1] then
	if not (ARGV[8] == '1' and version == '1') then
		return {0, redis.call('HGET', KEYS[1], 'data')}
	end
end
if not version and ARGV[1] ~= '' then return {0, false} end
redis.call('HSET', KEYS[1], 'version', ARGV[2], 'data', ARGV[3])
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ${HISTORY_LENGTH}, '*',
	'version', ARGV[2], 'summary', ARGV[4], 'by', ARGV[5], 'at', ARGV[6], 'data', ARGV[3])
redis.call('PUBLISH', ARGV[7], ARGV[2])
return {1, ARGV[3]}
`;

/**
 * The programme in Redis: the current version (compare-and-set on its number, so a second
 * save from a stale version is refused, never lost) and a history of saves. The event file
 * only seeds a fresh instance.
 */
export class ProgrammeStore {
	readonly #redis: Redis;
	readonly #save: Script<[number, string | null]>;

	constructor(redis: Redis) {
		this.#redis = redis;
		this.#save = defineScript(redis, 'programmeSave', {
			lua: SAVE,
			keys: 2,
			reply: z.tuple([z.union([z.literal(0), z.literal(1)]), z.string().nullable()])
		});
	}

	async load(): Promise<StoredProgramme | undefined> {
		const data = await this.#redis.hget(programmeKeys.current, 'data');
		return data ? parse(data) : undefined;
	}

	/** An earlier version, while the history keeps it. */
	async version(n: number): Promise<StoredProgramme | undefined> {
		const entries = await this.#redis.xrevrange(
			programmeKeys.history,
			'+',
			'-',
			'COUNT',
			HISTORY_LENGTH
		);
		for (const [, fields] of entries) {
			const entry: Record<string, string> = {};
			for (let i = 0; i < fields.length; i += 2) entry[fields[i]] = fields[i + 1];
			if (entry.version === String(n) && entry.data) return parse(entry.data);
		}
		return undefined;
	}

	/**
	 * Stores the event file as version 1 on a fresh instance. A seed nobody edited yet is
	 * replaced when the file changed (a new demo programme); an edited programme is never.
	 */
	async seed(event: EventFile, seedHash: string, now: number): Promise<StoredProgramme> {
		const current = await this.load();
		if (current && (current.version > 1 || current.seedHash === seedHash)) return current;
		const stored: StoredProgramme = { version: 1, event, savedAt: now, savedBy: null, seedHash };
		const [ok, data] = await this.#save(
			[programmeKeys.current, programmeKeys.history],
			[
				'',
				1,
				JSON.stringify(stored),
				'loaded from the event file',
				'',
				now,
				programmeKeys.changed,
				1
			]
		);
		return ok === 1 || !data ? stored : parse(data);
	}

	/** Saves `event` as the version after `baseVersion`, or answers the newer one. */
	async save(
		event: EventFile,
		baseVersion: number,
		by: { id: string; name: string },
		now: number,
		summary: string
	): Promise<SaveResult> {
		const stored: StoredProgramme = {
			version: baseVersion + 1,
			event: EventFileSchema.parse(event),
			savedAt: now,
			savedBy: by
		};
		const [ok, data] = await this.#save(
			[programmeKeys.current, programmeKeys.history],
			[
				baseVersion,
				stored.version,
				JSON.stringify(stored),
				summary,
				`${by.name} (${by.id})`,
				now,
				programmeKeys.changed,
				0
			]
		);
		if (ok === 1) return { ok: true, stored };
		if (!data) throw new Error('the programme is not stored yet');
		return { ok: false, current: parse(data) };
	}
}

function parse(data: string): StoredProgramme {
	return StoredProgrammeSchema.parse(JSON.parse(data));
}
