import { z } from 'zod';
import { ChatRoleSchema } from './chat.ts';
import { Empty, Identity, SessionId } from './common.ts';

/** Where the programme wants someone: a session's room, or the programme page (lobby). */
export const DestinationSchema = z
	.discriminatedUnion('kind', [
		z.object({ kind: z.literal('session'), session: SessionId }),
		z.object({ kind: z.literal('lobby') })
	])
	.meta({ id: 'Destination' });

export const ParticipantInfoSchema = z
	.object({
		identity: Identity,
		name: z.string(),
		mode: z.string(),
		onStage: z.boolean(),
		tracks: z.array(z.object({ sid: z.string(), source: z.string(), muted: z.boolean() }))
	})
	.meta({ id: 'ParticipantInfo' });

/** Someone a moderator removed from a room, who stays out until a moderator lets them back in. */
export const RemovedPersonSchema = z
	.object({ identity: Identity, name: z.string(), at: z.number() })
	.meta({ id: 'RemovedPerson' });

/** The reactions anyone in a room may send; a fixed small set, so nothing else floats over a stage. */
export const REACTIONS = ['👏', '❤️', '😂', '🎉', '👍', '🤔'] as const;
export const ReactionSchema = z.enum(REACTIONS);
export type Reaction = z.infer<typeof ReactionSchema>;

/** A raised hand: who, and since when (the order in which the room sees them). */
export const RaisedHandSchema = z
	.object({ userId: z.string(), name: z.string(), at: z.number() })
	.meta({ id: 'RaisedHand' });

/** Someone on a room's page, as the room's people list shows them (from the app, not LiveKit). */
export const RoomPersonSchema = z
	.object({ userId: z.string(), name: z.string(), role: ChatRoleSchema.optional() })
	.meta({ id: 'RoomPerson' });

/** At most this many names come with 'room:people'; the count is always whole. */
export const ROOM_PEOPLE_NAMES = 300;

/** Live rooms, rounds and their moderation. */
export const roomClientEvents = {
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
	/** Moderator: who is in the room, backstage included, and who was removed from it. */
	'room:participants': {
		request: z.object({ session: SessionId }).strict(),
		response: z.object({
			participants: z.array(ParticipantInfoSchema),
			removed: z.array(RemovedPersonSchema)
		})
	},
	/** Moderator: put a speaker on stage or take them off. */
	'room:stage': {
		request: z.object({ session: SessionId, identity: Identity, onStage: z.boolean() }).strict(),
		response: Empty
	},
	/** Moderator: mute one published track. One-way: only its owner turns it back on. */
	'room:mute': {
		request: z
			.object({
				session: SessionId,
				identity: Identity,
				trackSid: z.string().min(1).max(100),
				muted: z.literal(true)
			})
			.strict(),
		response: Empty
	},
	/** Moderator: remove someone from the room; they get no new token for it until readmitted. */
	'room:remove': {
		request: z.object({ session: SessionId, identity: Identity }).strict(),
		response: Empty
	},
	/** Moderator: let a removed person back in. */
	'room:readmit': {
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
	/** Raise or lower my own hand in a room I entered ('room:enter'). */
	'room:hand': {
		request: z.object({ session: SessionId, raised: z.boolean() }).strict(),
		response: z.object({ hands: z.array(RaisedHandSchema) })
	},
	/** Moderator: lower someone's hand. */
	'room:hand-lower': {
		request: z.object({ session: SessionId, userId: Identity }).strict(),
		response: z.object({ hands: z.array(RaisedHandSchema) })
	},
	/** The raised hands in a room I entered, in the order they went up. */
	'room:hands': {
		request: z.object({ session: SessionId }).strict(),
		response: z.object({ hands: z.array(RaisedHandSchema) })
	},
	/**
	 * Who is on a room's page I entered: every signed-in person once (however many tabs), at most
	 * ROOM_PEOPLE_NAMES of them by name, plus how many are there without a name. LiveKit does not
	 * show a plenary's viewers, so this is the plenary's audience.
	 */
	'room:people': {
		request: z.object({ session: SessionId }).strict(),
		response: z.object({
			people: z.array(RoomPersonSchema),
			count: z.number().int().nonnegative(),
			anonymous: z.number().int().nonnegative()
		})
	},
	/** Send a reaction to everyone on the room's page (rate-limited per person). */
	'room:react': {
		request: z.object({ session: SessionId, emoji: ReactionSchema }).strict(),
		response: Empty
	},
	/** Organiser: extend a round by some minutes (moves its end for everyone). */
	'round:extend': {
		request: z.object({ round: SessionId, minutes: z.number().int().min(1).max(60) }).strict(),
		response: z.object({ endsAt: z.number() })
	}
} as const;

export const roomServerEvents = {
	/**
	 * Something everyone moves to starts soon: a break-out round (`round`, to everyone), or a
	 * plenary (`session`, to everyone who is not in another live session's room). Clients show a
	 * countdown.
	 */
	'round:countdown': z.union([
		z.object({ round: SessionId, startsAt: z.number() }).strict(),
		z.object({ session: SessionId, startsAt: z.number() }).strict()
	]),
	/**
	 * Go to this room now (round start, round end, plenary start, room closed, moved by a
	 * moderator, the session cancelled). `round`: the round that started or ended, so the page can say why.
	 */
	'room:move': z
		.object({
			destination: DestinationSchema,
			reason: z.enum([
				'round-start',
				'round-end',
				'plenary-start',
				'closed',
				'moderator',
				'cancelled'
			]),
			round: SessionId.optional()
		})
		.strict(),
	/** A room closes early: a countdown, then everyone is moved to the lobby. */
	'room:closing': z.object({ session: SessionId, closesAt: z.number() }).strict(),
	/** A round's end moved. */
	'round:extended': z.object({ round: SessionId, endsAt: z.number() }).strict(),
	/** Someone moved up from the waitlist into a session. */
	'round:placed': z.object({ round: SessionId, session: SessionId }).strict(),
	/** You were removed from this session's room (or banned): leave it; the token endpoint
	 * refuses you until a moderator lets you back in. */
	'room:removed': z.object({ session: SessionId }).strict(),
	/** The livekit-server holding this room's call is gone: join the call again now (a fresh
	 * token; LiveKit then places the room on a live server). */
	'room:media-rejoin': z.object({ session: SessionId }).strict(),
	/** The raised hands in a room changed: the whole list, oldest first. */
	'room:hands': z.object({ session: SessionId, hands: z.array(RaisedHandSchema) }).strict(),
	/** Someone in the room reacted. */
	'room:reaction': z
		.object({ session: SessionId, emoji: ReactionSchema, name: z.string() })
		.strict()
} as const;

export type Destination = z.infer<typeof DestinationSchema>;
export type ParticipantInfo = z.infer<typeof ParticipantInfoSchema>;
export type RoomPerson = z.infer<typeof RoomPersonSchema>;
export type RemovedPerson = z.infer<typeof RemovedPersonSchema>;
export type RaisedHand = z.infer<typeof RaisedHandSchema>;
