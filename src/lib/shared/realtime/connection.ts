import { z } from 'zod';

/** The connection itself, between the app nodes behind a balancer. */
export const connectionServerEvents = {
	/**
	 * This node holds more than its share of the connections (another node restarted, and the
	 * balancer sent the people it dropped elsewhere): connect again, through the balancer. The
	 * page resyncs as after any reconnect; the call (LiveKit) is not touched.
	 */
	'node:handoff': z.object({}).strict()
} as const;
