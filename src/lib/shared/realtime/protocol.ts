import { z } from 'zod';

/**
 * The realtime protocol: every event has exactly one schema here, imported by the server
 * handlers, the browser client and the tests. docs/realtime.md describes each entry.
 */

/** Every client→server event is acknowledged with one of these. */
export type Ack<T> = ({ ok: true } & T) | { ok: false; error: string };

export const clientEvents = {
	/** Ask the server's programme clock; the client uses it to correct its own. */
	'clock:sync': {
		request: z.object({ clientSentAt: z.number().finite() }).strict(),
		response: z.object({ now: z.number(), clientSentAt: z.number() })
	}
} as const;

export const serverEvents = {
	/** The programme clock jumped (a moderator or a test moved it); clients resync. */
	'clock:changed': z.object({ now: z.number() }).strict()
} as const;

export type ClientEventName = keyof typeof clientEvents;
export type ServerEventName = keyof typeof serverEvents;
export type ClientRequest<E extends ClientEventName> = z.infer<(typeof clientEvents)[E]['request']>;
export type ClientResponse<E extends ClientEventName> = z.infer<
	(typeof clientEvents)[E]['response']
>;

/** Socket.IO's typed maps, derived from the schemas above. */
export type ClientToServerEvents = {
	[E in ClientEventName]: (
		payload: ClientRequest<E>,
		ack: (result: Ack<ClientResponse<E>>) => void
	) => void;
};
export type ServerToClientEvents = {
	[E in ServerEventName]: (payload: z.infer<(typeof serverEvents)[E]>) => void;
};

/** Socket.IO path, shared by the server and the client. */
export const SOCKET_PATH = '/socket.io';
