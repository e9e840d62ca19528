import { z } from 'zod';

/** The programme clock: one "now" for every browser. */
export const clockClientEvents = {
	/** Ask the server's programme clock; the client uses it to correct its own. */
	'clock:sync': {
		request: z.object({ clientSentAt: z.number().finite() }).strict(),
		/** `speed`: programme time per real time (1, or more in a rehearsal). */
		response: z.object({ now: z.number(), clientSentAt: z.number(), speed: z.number().positive() })
	}
} as const;

export const clockServerEvents = {
	/** The programme clock jumped (a rehearsal or a test moved it); clients resync. */
	'clock:changed': z.object({ now: z.number() }).strict()
} as const;
