import type { Socket } from 'socket.io';
import {
	clientEvents,
	type Ack,
	type ClientEventName,
	type ClientRequest,
	type ClientResponse,
	type ClientToServerEvents,
	type ServerToClientEvents
} from '../../src/lib/shared/realtime/protocol.ts';
import { refusal, type ErrorCode } from '../../src/lib/shared/realtime/errors.ts';
import type { SocketData } from './authenticate.ts';

/** A connected client as the handlers see it: typed events both ways, and its sign-in. */
export type RealtimeSocket = Socket<
	ClientToServerEvents,
	ServerToClientEvents,
	Record<string, never>,
	SocketData
>;

/**
 * A refusal to send to the client: a code it acts on and translates, and an English detail for
 * logs and tests.
 */
export class ClientError extends Error {
	constructor(
		readonly code: ErrorCode,
		detail: string = code.replaceAll('_', ' '),
		readonly reason?: string
	) {
		super(detail);
	}
}

export type Handler<E extends ClientEventName> = (
	payload: ClientRequest<E>,
	socket: RealtimeSocket
) => Promise<ClientResponse<E>> | ClientResponse<E>;

/** The handlers of some client→server events, built once per server (not per socket). */
export type HandlerTable = { [E in ClientEventName]?: Handler<E> };

type Reply = (result: Ack<unknown>) => void;

/**
 * One dispatcher for every socket of a server: it validates each payload with its event's schema,
 * runs the handler and always answers through the ack, so a bad payload or unknown event gets
 * `{ ok: false, error }` and never crashes the process. Handlers live in one shared table rather
 * than as ~45 closures registered on each socket, which halves the heap an idle attendee costs
 * (docs/benchmarks.md).
 */
export function createDispatcher(table: HandlerTable): (socket: RealtimeSocket) => void {
	const handlers = new Map(Object.entries(table)) as Map<string, Handler<ClientEventName>>;

	async function dispatch(socket: RealtimeSocket, event: unknown, args: unknown[]): Promise<void> {
		const ack = typeof args.at(-1) === 'function' ? (args.pop() as Reply) : undefined;
		const reply: Reply = (result) => ack?.(result);
		const handler = typeof event === 'string' ? handlers.get(event) : undefined;
		if (!handler) {
			reply(
				refusal('unknown_event', `unknown event ${JSON.stringify(String(event)).slice(0, 80)}`)
			);
			return;
		}
		const name = event as ClientEventName;
		const parsed = clientEvents[name].request.safeParse(args[0]);
		if (!parsed.success) {
			reply(
				refusal(
					'invalid',
					`invalid ${name}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'payload'} ${i.message}`).join('; ')}`
				)
			);
			return;
		}
		try {
			const result = await handler(parsed.data as ClientRequest<ClientEventName>, socket);
			reply({ ok: true, ...result });
		} catch (error) {
			if (error instanceof ClientError) reply(refusal(error.code, error.message, error.reason));
			else {
				console.error(`[realtime] ${name} failed`, error);
				reply(refusal('internal', 'internal error, please try again'));
			}
		}
	}

	return (socket) => {
		socket.onAny((event: unknown, ...args: unknown[]) => void dispatch(socket, event, args));
	};
}
