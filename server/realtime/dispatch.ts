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
import { log } from '../../src/lib/server/log.ts';
import type { Metrics } from '../../src/lib/server/metrics.ts';
import type { SocketData } from './authenticate.ts';

/** What app nodes tell each other through the adapter. */
export interface InterServerEvents {
	/** A node has started: the others broadcast through Redis from now on (peer-nodes.ts). */
	'node:up': () => void;
}

/** A connected client as the handlers see it: typed events both ways, and its sign-in. */
export type RealtimeSocket = Socket<
	ClientToServerEvents,
	ServerToClientEvents,
	InterServerEvents,
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
export interface Dispatcher {
	/** Handles every client event of this socket. */
	attach(socket: RealtimeSocket): void;
	/**
	 * Shutting down: new events are refused as `unavailable` (clients resend them to another
	 * node), and this waits until the events under way are answered, or `timeoutMs` passed.
	 */
	drain(timeoutMs: number): Promise<void>;
}

export function createDispatcher(
	table: HandlerTable,
	metrics?: Pick<Metrics, 'socketEvents' | 'socketSeconds'>
): Dispatcher {
	const handlers = new Map(Object.entries(table)) as Map<string, Handler<ClientEventName>>;
	const logger = log('realtime');
	let inFlight = 0;
	let draining = false;
	let whenIdle: (() => void)[] = [];

	async function dispatch(socket: RealtimeSocket, event: unknown, args: unknown[]): Promise<void> {
		inFlight++;
		try {
			await handle(socket, event, args);
		} finally {
			inFlight--;
			if (inFlight === 0) for (const resolve of whenIdle.splice(0)) resolve();
		}
	}

	async function handle(socket: RealtimeSocket, event: unknown, args: unknown[]): Promise<void> {
		const ack = typeof args.at(-1) === 'function' ? (args.pop() as Reply) : undefined;
		const began = performance.now();
		const handler = typeof event === 'string' ? handlers.get(event) : undefined;
		// Counted and timed under the event's name; an unknown name is one label, not the client's.
		const name = handler ? (event as ClientEventName) : 'unknown';
		const reply: Reply = (result) => {
			metrics?.socketEvents.inc({ event: name, outcome: result.ok ? 'ok' : result.code });
			metrics?.socketSeconds.observe({ event: name }, (performance.now() - began) / 1000);
			if (!result.ok)
				logger[result.code === 'internal' ? 'error' : 'info'](
					{ socket: socket.id, event: name, code: result.code },
					'refused'
				);
			ack?.(result);
		};
		if (draining) {
			reply(refusal('unavailable', 'this server is shutting down; send it again'));
			return;
		}
		if (!handler) {
			reply(
				refusal('unknown_event', `unknown event ${JSON.stringify(String(event)).slice(0, 80)}`)
			);
			return;
		}
		const parsed = clientEvents[name as ClientEventName].request.safeParse(args[0]);
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
				logger.error({ socket: socket.id, event: name, err: error }, 'handler failed');
				reply(refusal('internal', 'internal error, please try again'));
			}
		}
	}

	return {
		attach(socket) {
			socket.onAny((event: unknown, ...args: unknown[]) => void dispatch(socket, event, args));
		},
		async drain(timeoutMs) {
			draining = true;
			if (inFlight === 0) return;
			let timer: ReturnType<typeof setTimeout> | undefined;
			await Promise.race([
				new Promise<void>((resolve) => whenIdle.push(resolve)),
				new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))
			]);
			clearTimeout(timer);
			whenIdle = [];
		}
	};
}
