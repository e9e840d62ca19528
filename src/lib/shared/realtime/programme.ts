import { z } from 'zod';
import { LocalizedTextSchema } from '../event-schema.ts';
import { SessionId } from './common.ts';

/** The programme changed: an organiser saved a new version. */
export const programmeServerEvents = {
	/** A new version of the programme: pages that show it load it again. */
	'programme:changed': z.object({ version: z.number().int().positive() }).strict(),
	/**
	 * A session you are signed up for moved (new times or room) or was cancelled. `start` and
	 * `end` are the new times (ms), absent when cancelled.
	 */
	'programme:session-changed': z
		.object({
			session: SessionId,
			/** Its title (a cancelled session is no longer in the programme). */
			title: LocalizedTextSchema,
			change: z.enum(['moved', 'cancelled']),
			start: z.number().optional(),
			end: z.number().optional()
		})
		.strict()
} as const;
