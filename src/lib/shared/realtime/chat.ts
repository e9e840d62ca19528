import { z } from 'zod';
import { Empty, SessionId } from './common.ts';

/** Every session has one chat; its room id is the session id. */
export const ChatRoomId = SessionId;
/** A Redis stream id: "<ms>-<seq>". Clients use it to ask for what they missed. */
export const StreamId = z.string().regex(/^\d{1,15}-\d{1,10}$/);
export const MessageId = z.uuid();
/**
 * Who wrote a message, as listeners see it: a pseudonym, stable for one person in one room and
 * not their account id (which nobody else receives). Empty when the author deleted their account.
 */
export const AuthorKey = z.string().regex(/^([A-Za-z0-9_-]{11})?$/);

export const MESSAGE_MAX_LENGTH = 1000;
export const MessageText = z.string().trim().min(1).max(MESSAGE_MAX_LENGTH);

export const qaStates = ['open', 'answered', 'hidden', 'highlighted'] as const;

/** The badge beside a name, set by the server from the sender's role, so nobody can pose as an
 * organiser: admins are hosts, moderators of the event or this session, speakers of this session. */
export const ChatRoleSchema = z.enum(['host', 'moderator', 'speaker']);

export const ChatMessageSchema = z
	.object({
		/** Chosen by the sending client, so a resend is recognised and stored once. */
		id: MessageId,
		streamId: StreamId,
		room: ChatRoomId,
		kind: z.enum(['message', 'question']),
		author: AuthorKey,
		name: z.string(),
		text: z.string(),
		at: z.number(),
		role: ChatRoleSchema.optional(),
		deleted: z.boolean().default(false),
		votes: z.number().int().default(0),
		state: z.enum(qaStates).default('open'),
		/** Whether the person asking has upvoted this question. */
		voted: z.boolean().optional(),
		/** The author deleted their account: shown as "deleted user". */
		authorDeleted: z.boolean().default(false)
	})
	.meta({ id: 'ChatMessage' });
export type ChatMessage = z.infer<typeof ChatMessageSchema>;

/**
 * A new message as it is broadcast to every listener: only what is needed to show it, without the
 * defaults of a fresh message, as a tuple: [id, streamId, author, name, text, at, extra?]. The
 * extra object is there only for a question or a role badge.
 */
export const ChatLineSchema = z
	.tuple([
		MessageId,
		StreamId,
		AuthorKey,
		z.string(),
		z.string(),
		z.number(),
		z
			.object({ question: z.literal(true).optional(), role: ChatRoleSchema.optional() })
			.strict()
			.optional()
	])
	.meta({ id: 'ChatLine' });
export type ChatLine = z.infer<typeof ChatLineSchema>;

/** What changed in a message (deleted, voted on, marked); only the fields that changed. */
export const ChatChangeSchema = z
	.object({
		room: ChatRoomId,
		id: MessageId,
		deleted: z.literal(true).optional(),
		votes: z.number().int().optional(),
		state: z.enum(qaStates).optional()
	})
	.strict()
	.meta({ id: 'ChatChange' });
export type ChatChange = z.infer<typeof ChatChangeSchema>;

export const AnnouncementSchema = z
	.object({
		id: z.string(),
		text: z.string(),
		from: z.string(),
		/** Absent: every room. */
		room: ChatRoomId.optional(),
		expiresAt: z.number()
	})
	.meta({ id: 'Announcement' });
export type Announcement = z.infer<typeof AnnouncementSchema>;

const RoomRef = z.object({ room: ChatRoomId }).strict();
const MessageRef = z.object({ room: ChatRoomId, messageId: MessageId }).strict();
/** Moderators restrict the author of a message: listeners never learn account ids. */
const ModerationTarget = z
	.object({
		room: ChatRoomId,
		messageId: MessageId,
		/** A person is muted or banned in this room only, or in the whole event. */
		scope: z.enum(['room', 'event']),
		minutes: z
			.number()
			.int()
			.min(1)
			.max(24 * 60)
			.optional()
	})
	.strict();

const RoomState = z.object({
	/** The reader's own author key in this room; absent for visitors who are not signed in. */
	you: AuthorKey.optional(),
	/** The newest messages, a screenful (older ones page in with chat:history). */
	messages: z.array(ChatMessageSchema),
	hasMore: z.boolean(),
	/** Every question of the room, with whether the reader upvoted it. */
	questions: z.array(ChatMessageSchema),
	pinned: MessageId.optional(),
	slowModeSeconds: z.number().int()
});

export const chatClientEvents = {
	/**
	 * Enter a chat in one round trip: the socket joins the room first, then reads the newest
	 * messages, the questions and the room's settings.
	 */
	'chat:join': { request: RoomRef, response: RoomState },
	'chat:leave': { request: RoomRef, response: Empty },
	/** Page back: messages before a stream id. */
	'chat:history': {
		request: z
			.object({ room: ChatRoomId, before: StreamId, limit: z.number().int().min(1).max(100) })
			.strict(),
		response: z.object({ messages: z.array(ChatMessageSchema), hasMore: z.boolean() })
	},
	/** After a reconnect: everything after the last stream id the client saw (deletions too). */
	'chat:since': {
		request: z.object({ room: ChatRoomId, after: StreamId }).strict(),
		response: z.object({ messages: z.array(ChatMessageSchema), complete: z.boolean() })
	},
	/** Send a chat message or a question; the same id sent again is stored once. */
	'chat:send': {
		request: z
			.object({
				room: ChatRoomId,
				id: MessageId,
				kind: z.enum(['message', 'question']),
				text: MessageText
			})
			.strict(),
		/**
		 * Where it was stored; the message itself reaches everyone, the sender too, as chat:lines
		 * (a resend of a stored id: the sender alone).
		 */
		response: z.object({ id: MessageId, streamId: StreamId })
	},
	'chat:delete': { request: MessageRef, response: Empty },
	'chat:pin': {
		request: z.object({ room: ChatRoomId, messageId: MessageId.nullable() }).strict(),
		response: Empty
	},
	'chat:slow-mode': {
		request: z.object({ room: ChatRoomId, seconds: z.number().int().min(0).max(300) }).strict(),
		response: Empty
	},
	'chat:mute': { request: ModerationTarget, response: Empty },
	'chat:ban': { request: ModerationTarget, response: Empty },
	'chat:report': {
		request: z
			.object({
				room: ChatRoomId,
				messageId: MessageId,
				reason: z.string().trim().max(300).optional()
			})
			.strict(),
		response: Empty
	},
	'qa:upvote': { request: MessageRef, response: z.object({ votes: z.number().int() }) },
	'qa:mark': {
		request: z.object({ room: ChatRoomId, messageId: MessageId, state: z.enum(qaStates) }).strict(),
		response: Empty
	},
	/** Organisers: a banner in every room (or one), until it expires. */
	'announcement:post': {
		request: z
			.object({
				text: z.string().trim().min(1).max(300),
				room: ChatRoomId.optional(),
				minutes: z
					.number()
					.int()
					.min(1)
					.max(24 * 60)
			})
			.strict(),
		response: z.object({ announcement: AnnouncementSchema })
	},
	'announcement:list': {
		request: Empty,
		response: z.object({ announcements: z.array(AnnouncementSchema) })
	}
} as const;

export const chatServerEvents = {
	/**
	 * New messages of one room, oldest first: [room, line, line, …]. A busy room sends what arrived
	 * within a short tick as one frame; a quiet one sends each message at once.
	 */
	'chat:lines': z.tuple([ChatRoomId], ChatLineSchema),
	/** A message changed: apply the fields given to the message with this id. */
	'chat:changed': ChatChangeSchema,
	'chat:pinned': z.object({ room: ChatRoomId, messageId: MessageId.nullable() }),
	'chat:settings': z.object({ room: ChatRoomId, slowModeSeconds: z.number().int() }),
	/** To moderators: someone reported a message. */
	'chat:reported': z.object({
		room: ChatRoomId,
		messageId: MessageId,
		reason: z.string().optional(),
		by: z.string()
	}),
	announcement: AnnouncementSchema
} as const;
