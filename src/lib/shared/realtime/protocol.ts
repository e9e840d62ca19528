import type { z } from 'zod';
import type { Refusal } from './errors.ts';
import { chatClientEvents, chatServerEvents } from './chat.ts';
import { boardClientEvents, boardServerEvents } from './board.ts';
import { clockClientEvents, clockServerEvents } from './clock.ts';
import { connectionServerEvents } from './connection.ts';
import { pollClientEvents, pollServerEvents } from './polls.ts';
import { programmeServerEvents } from './programme.ts';
import { roomClientEvents, roomServerEvents } from './rooms.ts';
import { stageClientEvents, stageServerEvents } from './stage.ts';

/**
 * The realtime protocol: every event has exactly one schema, in its feature's module in this
 * folder, imported by the server handlers, the browser client and the tests. docs/realtime.md
 * describes each entry.
 */

/** Every client→server event is acknowledged with one of these. */
export type Ack<T> = ({ ok: true } & T) | Refusal;

/*
 * Each feature defines its events in its own module (clock.ts, rooms.ts, ...); this map joins
 * them. A new feature adds its module and one spread on each side.
 */
export const clientEvents = {
	...clockClientEvents,
	...chatClientEvents,
	...roomClientEvents,
	...boardClientEvents,
	...pollClientEvents,
	...stageClientEvents
} as const;

export const serverEvents = {
	...clockServerEvents,
	...connectionServerEvents,
	...chatServerEvents,
	...roomServerEvents,
	...boardServerEvents,
	...programmeServerEvents,
	...pollServerEvents,
	...stageServerEvents
} as const;

export type ClientEventName = keyof typeof clientEvents;
export type ServerEventName = keyof typeof serverEvents;
export type ServerEventPayload<E extends ServerEventName> = z.infer<(typeof serverEvents)[E]>;
export type ClientRequest<E extends ClientEventName> = z.infer<(typeof clientEvents)[E]['request']>;
export type ClientResponse<E extends ClientEventName> = z.infer<
	(typeof clientEvents)[E]['response']
>;
export type { Destination, ParticipantInfo } from './rooms.ts';
export type { ErrorCode, Refusal } from './errors.ts';
export { ErrorCode as ErrorCodeSchema, refusal, isRetryable } from './errors.ts';
export { DestinationSchema, ParticipantInfoSchema } from './rooms.ts';

/** Socket.IO's typed maps, derived from the schemas above. */
export type ClientToServerEvents = {
	[E in ClientEventName]: (
		payload: ClientRequest<E>,
		ack: (result: Ack<ClientResponse<E>>) => void
	) => void;
};
export type ServerToClientEvents = {
	[E in ServerEventName]: (payload: ServerEventPayload<E>) => void;
};

/** Socket.IO path, shared by the server and the client. */
export const SOCKET_PATH = '/socket.io';
/** The Socket.IO room of one person's sockets (all tabs, all nodes). */
export const userRoom = (userId: string) => `user:${userId}`;
/** The Socket.IO room of everyone on one session's room page. */
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;
/** The session of a Socket.IO room made by sessionRoom, or undefined for other rooms. */
export const sessionOfRoom = (room: string) =>
	room.startsWith('session:') ? room.slice('session:'.length) : undefined;
