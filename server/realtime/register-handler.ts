import type { Socket } from 'socket.io';
import {
	clientEvents,
	type Ack,
	type ClientEventName,
	type ClientRequest,
	type ClientResponse
} from '../../src/lib/shared/realtime/protocol.ts';

/** An error whose message is safe and useful to send to the client. */
export class ClientError extends Error {}

type Handler<E extends ClientEventName> = (
	payload: ClientRequest<E>,
	socket: Socket
) => Promise<ClientResponse<E>> | ClientResponse<E>;

/**
 * Binds one client→server event: validates the payload with its schema, runs the handler and
 * always answers through the ack, so a bad payload gets `{ ok: false, error }` and never
 * crashes the process.
 */
export function registerHandler<E extends ClientEventName>(
	socket: Socket,
	event: E,
	handler: Handler<E>
): void {
	const schema = clientEvents[event].request;
	socket.on(event as string, async (...args: unknown[]) => {
		const ack =
			typeof args.at(-1) === 'function' ? (args.pop() as (r: Ack<unknown>) => void) : undefined;
		const reply = (result: Ack<unknown>) => ack?.(result);
		const parsed = schema.safeParse(args[0]);
		if (!parsed.success) {
			reply({
				ok: false,
				error: `invalid ${event}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'payload'} ${i.message}`).join('; ')}`
			});
			return;
		}
		try {
			const result = await handler(parsed.data as ClientRequest<E>, socket);
			reply({ ok: true, ...result });
		} catch (error) {
			if (error instanceof ClientError) reply({ ok: false, error: error.message });
			else {
				console.error(`[realtime] ${event} failed`, error);
				reply({ ok: false, error: 'internal error, please try again' });
			}
		}
	});
}
