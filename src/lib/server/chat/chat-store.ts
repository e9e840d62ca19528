import type { Redis } from 'ioredis';
import { z } from 'zod';
import { compareStreamIds } from '../../shared/chat/stream-ids.ts';
import { ChatRoleSchema, type Announcement, type ChatMessage } from '../../shared/realtime/chat.ts';
import { PseudonymSecrets } from '../pseudonym.ts';
import { chatKeys, rateLimitKeys } from '../redis-keys.ts';
import { defineScript } from '../redis-script.ts';

/*
 * Durable chat: one Redis Stream per room, written only through Lua scripts so a message id is
 * stored once however often a client resends it, and every key of a room shares the hash tag
 * {room} (one slot on a Redis Cluster). Deletions are tombstone entries in the same stream, so a
 * client that was away learns of them when it asks for what it missed.
 */
const k = chatKeys.room;

/*
 * Admission and storage of a message in one round trip. KEYS: stream, ids, flood counter (per
 * socket), token bucket (per person), ban room/event, mute room/event, slow-mode setting,
 * slow-mode mark, questions list. ARGV: id, kind, userId, name, text, at, flood max, burst, flood window seconds,
 * role badge ('' for none), tokens per second.
 * A known id answers the stored message before any limit counts, so a client's resend after a
 * reconnect is never refused. The person's limit is a token bucket on Redis's own clock: a burst
 * of `burst` messages, then `tokens per second`, with no window edge to send twice as many across;
 * a token is only taken for a stored message. Returns {'stored', streamId, created} or
 * {refusal, retryAfter?}.
 */
const SEND = {
	keys: 11,
	reply: z.union([
		z.tuple([z.literal('stored'), z.string(), z.literal([0, 1])]),
		z.tuple([z.literal('rate'), z.number().int()]),
		z.tuple([z.literal(['flood', 'banned', 'muted', 'slow'])])
	]),
	lua: `
local existing = redis.call('HGET', KEYS[2], ARGV[1])
if existing then return {'stored', existing, 0} end
local flood = redis.call('INCR', KEYS[3])
redis.call('EXPIRE', KEYS[3], ARGV[9], 'NX')
if flood > tonumber(ARGV[7]) then return {'flood'} end
if redis.call('EXISTS', KEYS[5], KEYS[6]) > 0 then return {'banned'} end
if redis.call('EXISTS', KEYS[7], KEYS[8]) > 0 then return {'muted'} end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local burst = tonumber(ARGV[8])
local rate = tonumber(ARGV[11])
local bucket = redis.call('HMGET', KEYS[4], 'tokens', 'at')
local tokens = tonumber(bucket[1]) or burst
local since = now - (tonumber(bucket[2]) or now)
if since > 0 then tokens = math.min(burst, tokens + since / 1000 * rate) end
if tokens < 1 then return {'rate', math.ceil((1 - tokens) / rate)} end
local slow = tonumber(redis.call('GET', KEYS[9]) or '0')
if slow > 0 and not redis.call('SET', KEYS[10], '1', 'EX', slow, 'NX') then return {'slow'} end
redis.call('HSET', KEYS[4], 'tokens', tostring(tokens - 1), 'at', now)
redis.call('PEXPIRE', KEYS[4], math.ceil(burst / rate * 1000) + 1000)
local sid = redis.call('XADD', KEYS[1], '*', 'type', 'message', 'id', ARGV[1], 'kind', ARGV[2],
	'userId', ARGV[3], 'name', ARGV[4], 'text', ARGV[5], 'at', ARGV[6], 'role', ARGV[10])
redis.call('HSET', KEYS[2], ARGV[1], sid)
if ARGV[2] == 'question' then redis.call('RPUSH', KEYS[11], sid) end
return {'stored', sid, 1}
`
};

// KEYS: stream, ids, deleted  ARGV: id, by, at → 1 when deleted now, 0 when already, -1 unknown
const DELETE = {
	keys: 3,
	reply: z.literal([-1, 0, 1]),
	lua: `
if not redis.call('HGET', KEYS[2], ARGV[1]) then return -1 end
if redis.call('HSETNX', KEYS[3], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('XADD', KEYS[1], '*', 'type', 'delete', 'id', ARGV[1], 'at', ARGV[3])
return 1
`
};

/*
 * Writes that name a message first check, in the same script, that the message is in this room's
 * stream (its id in the ids hash) and not deleted, so a made-up id never creates a key or a field.
 */
const KNOWN = `
local function known(ids, deleted, id)
	return redis.call('HGET', ids, id) and redis.call('HEXISTS', deleted, id) == 0
end
`;

// KEYS: ids, deleted, voters, votes  ARGV: messageId, userId → votes after (once per person), -1 unknown
const UPVOTE = {
	keys: 4,
	reply: z.number().int().min(-1),
	lua: `${KNOWN}
if not known(KEYS[1], KEYS[2], ARGV[1]) then return -1 end
if redis.call('SADD', KEYS[3], ARGV[2]) == 1 then return redis.call('HINCRBY', KEYS[4], ARGV[1], 1) end
return tonumber(redis.call('HGET', KEYS[4], ARGV[1]) or '0')
`
};

// KEYS: stream, questions, questions-indexed → 1 when built now, 0 when it was already.
// Rooms from before the questions list existed get it once, from the stream, atomically (a
// question sent meanwhile waits for the script, and lands in the list after it).
const INDEX_QUESTIONS = {
	keys: 3,
	reply: z.literal([0, 1]),
	lua: `
if redis.call('EXISTS', KEYS[3]) == 1 then return 0 end
redis.call('DEL', KEYS[2])
for _, entry in ipairs(redis.call('XRANGE', KEYS[1], '-', '+')) do
  local f = entry[2]
  local kind, type = nil, nil
  for i = 1, #f, 2 do
    if f[i] == 'kind' then kind = f[i + 1] elseif f[i] == 'type' then type = f[i + 1] end
  end
  if type == 'message' and kind == 'question' then redis.call('RPUSH', KEYS[2], entry[1]) end
end
redis.call('SET', KEYS[3], '1')
return 1
`
};

// KEYS: ids, deleted, states  ARGV: messageId, state → 1, or -1 unknown
const MARK = {
	keys: 3,
	reply: z.literal([-1, 1]),
	lua: `${KNOWN}
if not known(KEYS[1], KEYS[2], ARGV[1]) then return -1 end
redis.call('HSET', KEYS[3], ARGV[1], ARGV[2])
return 1
`
};

// KEYS: ids, deleted, pinned  ARGV: messageId → 1, or -1 unknown
const PIN = {
	keys: 3,
	reply: z.literal([-1, 1]),
	lua: `${KNOWN}
if not known(KEYS[1], KEYS[2], ARGV[1]) then return -1 end
redis.call('SET', KEYS[3], ARGV[1])
return 1
`
};

/*
 * KEYS: ids, deleted, reported (per room: messageId:userId → 1), reports list
 * ARGV: messageId, userId, report JSON, list bound → 1 new, 0 already reported by them, -1 unknown
 */
const REPORT = {
	keys: 4,
	reply: z.literal([-1, 0, 1]),
	lua: `${KNOWN}
if not known(KEYS[1], KEYS[2], ARGV[1]) then return -1 end
if redis.call('HSETNX', KEYS[3], ARGV[1] .. ':' .. ARGV[2], '1') == 0 then return 0 end
redis.call('LPUSH', KEYS[4], ARGV[3])
redis.call('LTRIM', KEYS[4], 0, tonumber(ARGV[4]) - 1)
return 1
`
};

/** Reports kept in `chat:reports` (newest first); older ones are dropped. */
export const REPORTS_KEPT = 1000;

/** Per-socket flood limit (past it the socket is cut off) and the per-person token bucket. */
export interface SendLimits {
	socketId: string;
	floodPerWindow: number;
	windowSeconds: number;
	/** Messages a person may send at once. */
	burst: number;
	/** Messages per second after the burst. */
	perSecond: number;
}

/** A message as its sender's node hands it to the store: with the account id, kept server-side. */
export interface NewMessage extends Pick<
	ChatMessage,
	'id' | 'room' | 'kind' | 'name' | 'text' | 'at' | 'role'
> {
	userId: string;
}

export type SendOutcome =
	| { status: 'stored'; message: ChatMessage; created: boolean }
	| { status: 'flood' | 'banned' | 'muted' | 'slow' }
	| { status: 'rate'; retryAfterSeconds: number };

/** What a write naming a message found: done, or no such message in this room. */
export type MessageWrite = 'done' | 'unknown';

type Entry = [id: string, fields: string[]];

export class ChatStore {
	readonly #redis: Redis;
	readonly #pseudonyms: PseudonymSecrets;
	readonly #send;
	readonly #delete;
	readonly #upvote;
	readonly #indexQuestions;
	readonly #mark;
	readonly #pin;
	readonly #report;

	constructor(redis: Redis) {
		this.#redis = redis;
		this.#pseudonyms = new PseudonymSecrets(redis);
		this.#send = defineScript(redis, 'chatSend', SEND);
		this.#delete = defineScript(redis, 'chatDelete', DELETE);
		this.#upvote = defineScript(redis, 'chatUpvote', UPVOTE);
		this.#indexQuestions = defineScript(redis, 'chatIndexQuestions', INDEX_QUESTIONS);
		this.#mark = defineScript(redis, 'chatMark', MARK);
		this.#pin = defineScript(redis, 'chatPin', PIN);
		this.#report = defineScript(redis, 'chatReport', REPORT);
	}

	/**
	 * Stores a message once per id, unless a limit, a ban, a mute or slow mode refuses it; all in
	 * one script, so a message costs one round trip to Redis.
	 */
	async send(input: NewMessage, limits: SendLimits): Promise<SendOutcome> {
		const key = k(input.room);
		const reply = await this.#send(
			[
				key.stream,
				key.ids,
				rateLimitKeys.chatFlood(limits.socketId),
				rateLimitKeys.chatBucket(input.userId),
				chatKeys.restriction('ban', input.room, input.userId),
				chatKeys.restriction('ban', 'event', input.userId),
				chatKeys.restriction('mute', input.room, input.userId),
				chatKeys.restriction('mute', 'event', input.userId),
				key.slow,
				key.lastSent(input.userId),
				key.questions
			],
			[
				input.id,
				input.kind,
				input.userId,
				input.name,
				input.text,
				input.at,
				limits.floodPerWindow,
				limits.burst,
				limits.windowSeconds,
				input.role ?? '',
				limits.perSecond
			]
		);
		if (reply[0] === 'rate') return { status: 'rate', retryAfterSeconds: Math.max(1, reply[1]) };
		if (reply[0] !== 'stored') return { status: reply[0] };
		const [status, streamId, created] = reply;
		const message =
			created === 1
				? await this.#view(streamId, input)
				: ((await this.byId(input.room, input.id)) ?? (await this.#view(streamId, input)));
		return { status, message, created: created === 1 };
	}

	/** Someone's pseudonym in a room's chat: what listeners see instead of the account id. */
	async authorKey(room: string, userId: string): Promise<string> {
		return (await this.#authors(room))(userId);
	}

	async #authors(room: string): Promise<(userId: string) => string> {
		const sign = await this.#pseudonyms.of(k(room).secret);
		return (userId) => sign(`author:${userId}`).slice(0, 11);
	}

	/** The account id of a message's author, for moderation and the own-question rule. */
	async authorOf(room: string, messageId: string): Promise<string | undefined> {
		const streamId = await this.#redis.hget(k(room).ids, messageId);
		if (!streamId) return undefined;
		const entries = (await this.#redis.xrange(k(room).stream, streamId, streamId)) as Entry[];
		return entries[0] && field(entries[0][1], 'userId');
	}

	/** Whether it was deleted now (false: already); 'unknown' when the room has no such message. */
	async delete(
		room: string,
		messageId: string,
		by: string,
		at: number
	): Promise<boolean | 'unknown'> {
		const key = k(room);
		const done = await this.#delete([key.stream, key.ids, key.deleted], [messageId, by, at]);
		return done === -1 ? 'unknown' : done === 1;
	}

	/** The newest messages, oldest first; `before` pages back. */
	async latest(
		room: string,
		limit: number,
		before?: string
	): Promise<{ messages: ChatMessage[]; hasMore: boolean }> {
		const end = before ? `(${before}` : '+';
		const entries = (await this.#redis.xrevrange(
			k(room).stream,
			end,
			'-',
			'COUNT',
			limit * 2 + 1
		)) as Entry[];
		const messages = entries.filter(([, f]) => field(f, 'type') === 'message');
		const page = messages.slice(0, limit).reverse();
		return { messages: await this.#decorate(room, page), hasMore: messages.length > limit };
	}

	/** Everything after a stream id: new messages, and messages deleted since. */
	async since(
		room: string,
		after: string,
		max = 1000
	): Promise<{ messages: ChatMessage[]; complete: boolean }> {
		const entries = (await this.#redis.xrange(
			k(room).stream,
			`(${after}`,
			'+',
			'COUNT',
			max
		)) as Entry[];
		const out = new Map<string, ChatMessage>();
		const fresh = await this.#decorate(
			room,
			entries.filter(([, f]) => field(f, 'type') === 'message')
		);
		for (const m of fresh) out.set(m.id, m);
		for (const [, f] of entries.filter(([, f]) => field(f, 'type') === 'delete')) {
			const target = await this.byId(room, field(f, 'id'));
			if (target) out.set(target.id, target);
		}
		return {
			messages: [...out.values()].sort((a, b) => compareStreamIds(a.streamId, b.streamId)),
			complete: entries.length < max
		};
	}

	async byId(room: string, messageId: string): Promise<ChatMessage | undefined> {
		const streamId = await this.#redis.hget(k(room).ids, messageId);
		if (!streamId) return undefined;
		const entries = (await this.#redis.xrange(k(room).stream, streamId, streamId)) as Entry[];
		return (await this.#decorate(room, entries))[0];
	}

	/**
	 * The room's questions, from their own list: the read grows with the questions, not with the
	 * room's whole chat (every reconnect of every Q&A reader asks this).
	 */
	async questions(room: string, voter?: string): Promise<ChatMessage[]> {
		const key = k(room);
		await this.#indexQuestions([key.stream, key.questions, key.questionsIndexed]);
		const streamIds = await this.#redis.lrange(key.questions, 0, -1);
		const pipeline = this.#redis.pipeline();
		for (const id of streamIds) pipeline.xrange(key.stream, id, id);
		const found = ((await pipeline.exec()) ?? []).flatMap(([, entries]) => entries as Entry[]);
		const views = await this.#decorate(room, found);
		if (!voter) return views;
		const voted = await Promise.all(
			views.map((q) => this.#redis.sismember(k(room).voters(q.id), voter))
		);
		return views.map((q, i) => ({ ...q, voted: voted[i] === 1 }));
	}

	/** Votes after this person's upvote (once per person), or 'unknown'. */
	async upvote(room: string, messageId: string, userId: string): Promise<number | 'unknown'> {
		const key = k(room);
		const votes = await this.#upvote(
			[key.ids, key.deleted, key.voters(messageId), key.votes],
			[messageId, userId]
		);
		return votes < 0 ? 'unknown' : votes;
	}

	async mark(room: string, messageId: string, state: ChatMessage['state']): Promise<MessageWrite> {
		const key = k(room);
		const done = await this.#mark([key.ids, key.deleted, key.states], [messageId, state]);
		return done < 0 ? 'unknown' : 'done';
	}

	async pin(room: string, messageId: string | null): Promise<MessageWrite> {
		const key = k(room);
		if (!messageId) {
			await this.#redis.del(key.pinned);
			return 'done';
		}
		const done = await this.#pin([key.ids, key.deleted, key.pinned], [messageId]);
		return done < 0 ? 'unknown' : 'done';
	}

	async pinned(room: string): Promise<string | undefined> {
		return (await this.#redis.get(k(room).pinned)) ?? undefined;
	}

	async setSlowMode(room: string, seconds: number): Promise<void> {
		if (seconds > 0) await this.#redis.set(k(room).slow, String(seconds));
		else await this.#redis.del(k(room).slow);
	}

	async slowMode(room: string): Promise<number> {
		return Number((await this.#redis.get(k(room).slow)) ?? 0);
	}

	async restrict(
		kind: 'mute' | 'ban',
		scope: string,
		userId: string,
		minutes?: number
	): Promise<void> {
		const key = chatKeys.restriction(kind, scope, userId);
		if (minutes) await this.#redis.set(key, '1', 'EX', minutes * 60);
		else await this.#redis.set(key, '1');
	}

	/**
	 * Stores a report of a message in this room, once per person and message; the list of reports
	 * keeps the newest REPORTS_KEPT. 'unknown' when the room has no such message, false when this
	 * person had reported it already.
	 */
	async report(
		room: string,
		messageId: string,
		by: string,
		reason?: string
	): Promise<boolean | 'unknown'> {
		const key = k(room);
		const done = await this.#report(
			[key.ids, key.deleted, key.reported, chatKeys.reports],
			[messageId, by, JSON.stringify({ room, messageId, by, reason, at: Date.now() }), REPORTS_KEPT]
		);
		return done < 0 ? 'unknown' : done === 1;
	}

	/** Whether someone is banned from this room's chat, or from the whole event. */
	async isBanned(room: string, userId: string): Promise<boolean> {
		const banned = await this.#redis.exists(
			chatKeys.restriction('ban', room, userId),
			chatKeys.restriction('ban', 'event', userId)
		);
		return banned > 0;
	}

	/** Marks a person deleted, so chat shows "deleted user" for what they wrote. */
	async markUserDeleted(userId: string): Promise<void> {
		await this.#redis.sadd(chatKeys.deletedUsers, userId);
	}

	/**
	 * Keeps an announcement until `expiresAt` on the programme clock (`now` is that clock's
	 * reading): the sorted set decides what is still shown; the key's own expiry, its lifetime in
	 * real time, only cleans up. (The programme clock may run years behind the machine's, as in
	 * the demo: an expiry computed from Date.now() would drop it at once.)
	 */
	async postAnnouncement(announcement: Announcement, now: number): Promise<void> {
		await this.#redis.set(
			chatKeys.announcement(announcement.id),
			JSON.stringify(announcement),
			'PX',
			Math.max(1, announcement.expiresAt - now)
		);
		await this.#redis.zadd(chatKeys.announcements, announcement.expiresAt, announcement.id);
	}

	async announcements(now: number): Promise<Announcement[]> {
		await this.#redis.zremrangebyscore(chatKeys.announcements, '-inf', now);
		const ids = await this.#redis.zrange(chatKeys.announcements, 0, -1);
		const raw = ids.length ? await this.#redis.mget(...ids.map(chatKeys.announcement)) : [];
		return raw.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as Announcement);
	}

	async #view(streamId: string, m: NewMessage): Promise<ChatMessage> {
		const { userId, ...rest } = m;
		return {
			...rest,
			author: await this.authorKey(m.room, userId),
			streamId,
			deleted: false,
			votes: 0,
			state: 'open',
			authorDeleted: false
		};
	}

	/** Turns stream entries into message views with deletions, votes, states and deleted authors. */
	async #decorate(room: string, entries: Entry[]): Promise<ChatMessage[]> {
		if (entries.length === 0) return [];
		const key = k(room);
		const ids = entries.map(([, f]) => field(f, 'id'));
		const users = entries.map(([, f]) => field(f, 'userId'));
		const authorKey = await this.#authors(room);
		const [deleted, votes, states, gone] = await Promise.all([
			this.#redis.hmget(key.deleted, ...ids),
			this.#redis.hmget(key.votes, ...ids),
			this.#redis.hmget(key.states, ...ids),
			this.#redis.smismember(chatKeys.deletedUsers, ...users)
		]);
		return entries.map(([streamId, f], i) => {
			const isDeleted = deleted[i] !== null;
			const authorDeleted = gone[i] === 1;
			return {
				id: ids[i],
				streamId,
				room,
				kind: field(f, 'kind') === 'question' ? 'question' : 'message',
				author: authorDeleted ? '' : authorKey(users[i]),
				name: authorDeleted ? '' : field(f, 'name'),
				text: isDeleted ? '' : field(f, 'text'),
				at: Number(field(f, 'at')),
				...roleOf(authorDeleted ? '' : field(f, 'role')),
				deleted: isDeleted,
				votes: Number(votes[i] ?? 0),
				state: (states[i] as ChatMessage['state'] | null) ?? 'open',
				authorDeleted
			};
		});
	}
}

function roleOf(value: string | undefined): Pick<ChatMessage, 'role'> {
	const role = ChatRoleSchema.safeParse(value);
	return role.success ? { role: role.data } : {};
}

function field(fields: string[], name: string): string {
	for (let i = 0; i < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
	return '';
}
