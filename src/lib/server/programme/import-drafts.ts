import type { Redis } from 'ioredis';
import { z } from 'zod';
import { EventFileSchema } from '../../shared/event-schema.ts';
import { newId } from '../auth/tokens.ts';
import { programmeKeys } from '../redis-keys.ts';

/** How long a checked upload waits for its admin to apply it. */
const DRAFT_SECONDS = 3600;

export const ImportDraftSchema = z.object({
	/** The programme the upload would become. */
	event: EventFileSchema,
	/** The uploaded file's name, for the audit log. */
	source: z.string(),
	/** Who uploaded it: only they can apply it. */
	createdBy: z.string()
});
export type ImportDraft = z.infer<typeof ImportDraftSchema>;

/**
 * Uploaded schedules between the check and "apply": kept in Redis for an hour, so the admin
 * sees the difference first and does not upload twice, and any node can apply it.
 */
export class ImportDrafts {
	readonly #redis: Redis;

	constructor(redis: Redis) {
		this.#redis = redis;
	}

	async put(draft: ImportDraft): Promise<string> {
		const id = newId();
		await this.#redis.set(
			programmeKeys.importDraft(id),
			JSON.stringify(draft),
			'EX',
			DRAFT_SECONDS
		);
		return id;
	}

	/** The draft, when it is still there and this admin made it. */
	async get(id: string, userId: string): Promise<ImportDraft | undefined> {
		const raw = await this.#redis.get(programmeKeys.importDraft(id));
		if (!raw) return undefined;
		const draft = ImportDraftSchema.safeParse(JSON.parse(raw));
		return draft.success && draft.data.createdBy === userId ? draft.data : undefined;
	}

	async drop(id: string): Promise<void> {
		await this.#redis.del(programmeKeys.importDraft(id));
	}
}
