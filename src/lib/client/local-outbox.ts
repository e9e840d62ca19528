import type { z } from 'zod';
import type { Outbox } from '$lib/shared/realtime/outbox';

/**
 * An outbox in localStorage under `<prefix><key>`. What is read back is checked against the
 * schema (it may be from an older version, or edited): anything else counts as empty.
 */
export function localOutbox<T>(prefix: string, schema: z.ZodType<T>): Outbox<T> {
	return {
		load(key) {
			try {
				const stored: unknown = JSON.parse(localStorage.getItem(prefix + key) ?? '[]');
				const parsed = schema.array().safeParse(stored);
				return parsed.success ? parsed.data : [];
			} catch {
				return [];
			}
		},
		save(key, items) {
			if (items.length === 0) localStorage.removeItem(prefix + key);
			else localStorage.setItem(prefix + key, JSON.stringify(items));
		}
	};
}
