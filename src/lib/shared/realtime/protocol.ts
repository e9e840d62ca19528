import { z } from 'zod';

/**
 * The realtime protocol: every event has exactly one schema here, imported by the server
 * handlers, the browser client and the tests. docs/realtime.md describes each entry.
 */

/** Every client→server event is acknowledged with one of these. */
export type Ack<T> = ({ ok: true } & T) | { ok: false; error: string };

const SessionId = z.string().min(1).max(100);
/** A LiveKit participant identity (a user id, or a generated one for anonymous viewers). */
const Identity = z.string().min(1).max(200);
const Empty = z.object({}).strict();

/** Where the programme wants someone: a session's room, or the programme page (lobby). */
export const DestinationSchema = z.discriminatedUnion('kind', [
	z.object({ kind: z.literal('session'), session: SessionId }),
	z.object({ kind: z.literal('lobby') })
]);

export const ParticipantInfoSchema = z.object({
	identity: Identity,
	name: z.string(),
	mode: z.string(),
	onStage: z.boolean(),
	tracks: z.array(z.object({ sid: z.string(), source: z.string(), muted: z.boolean() }))
});

export const clientEvents = {
	/** Ask the server's programme clock; the client uses it to correct its own. */
	'clock:sync': {
		request: z.object({ clientSentAt: z.number().finite() }).strict(),
		response: z.object({ now: z.number(), clientSentAt: z.number() })
	},
	/** Where should I be right now? Asked after (re)connecting, so a missed move still lands. */
	'room:where': {
		request: Empty,
		response: z.object({ destination: DestinationSchema.optional() })
	},
	/** I am on this session's room page (for room-wide messages); 'room:leave' when I go. */
	'room:enter': {
		request: z.object({ session: SessionId }).strict(),
		response: Empty
	},
	'room:leave': {
		request: z.object({ session: SessionId }).strict(),
		response: Empty
	},
	/** Moderator: who is in the room, backstage included. */
	'room:participants': {
		request: z.object({ session: SessionId }).strict(),
		response: z.object({ participants: z.array(ParticipantInfoSchema) })
	},
	/** Moderator: put a speaker on stage or take them off. */
	'room:stage': {
		request: z.object({ session: SessionId, identity: Identity, onStage: z.boolean() }).strict(),
		response: Empty
	},
	/** Moderator: mute (or allow to unmute) one published track. */
	'room:mute': {
		request: z
			.object({
				session: SessionId,
				identity: Identity,
				trackSid: z.string().min(1).max(100),
				muted: z.boolean()
			})
			.strict(),
		response: Empty
	},
	/** Moderator: remove someone from the room. */
	'room:remove': {
		request: z.object({ session: SessionId, identity: Identity }).strict(),
		response: Empty
	},
	/** Moderator: close the room early; everyone returns to the lobby after the countdown. */
	'room:close': {
		request: z.object({ session: SessionId, inSeconds: z.number().int().min(0).max(600) }).strict(),
		response: z.object({ closesAt: z.number() })
	},
	/** Moderator: send one person to another session's room. */
	'room:move-person': {
		request: z.object({ from: SessionId, identity: Identity, to: SessionId }).strict(),
		response: Empty
	},
	/** Organiser: a message shown in every room. */
	'rooms:message': {
		request: z.object({ text: z.string().trim().min(1).max(500) }).strict(),
		response: Empty
	},
	/** Organiser: extend a round by some minutes (moves its end for everyone). */
	'round:extend': {
		request: z.object({ round: SessionId, minutes: z.number().int().min(1).max(60) }).strict(),
		response: z.object({ endsAt: z.number() })
	}
} as const;

export const serverEvents = {
	/** The programme clock jumped (a rehearsal or a test moved it); clients resync. */
	'clock:changed': z.object({ now: z.number() }).strict(),
	/** A break-out round starts soon: every client shows a countdown. */
	'round:countdown': z.object({ round: SessionId, startsAt: z.number() }).strict(),
	/** Go to this room now (round start, round end, room closed, moved by a moderator). */
	'room:move': z
		.object({
			destination: DestinationSchema,
			reason: z.enum(['round-start', 'round-end', 'closed', 'moderator'])
		})
		.strict(),
	/** A room closes early: a countdown, then everyone is moved to the lobby. */
	'room:closing': z.object({ session: SessionId, closesAt: z.number() }).strict(),
	/** A round's end moved. */
	'round:extended': z.object({ round: SessionId, endsAt: z.number() }).strict(),
	/** Someone moved up from the waitlist into a session. */
	'round:placed': z.object({ round: SessionId, session: SessionId }).strict(),
	/** A message from the organisers for every room. */
	'rooms:message': z.object({ text: z.string(), from: z.string(), at: z.number() }).strict()
} as const;

export type ClientEventName = keyof typeof clientEvents;
export type ServerEventName = keyof typeof serverEvents;
export type ServerEventPayload<E extends ServerEventName> = z.infer<(typeof serverEvents)[E]>;
export type ClientRequest<E extends ClientEventName> = z.infer<(typeof clientEvents)[E]['request']>;
export type ClientResponse<E extends ClientEventName> = z.infer<
	(typeof clientEvents)[E]['response']
>;
export type Destination = z.infer<typeof DestinationSchema>;
export type ParticipantInfo = z.infer<typeof ParticipantInfoSchema>;

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
