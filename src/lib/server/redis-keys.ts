/*
 * Every Redis key Plenair uses, one object per domain. Nothing else writes a key name: stores,
 * Lua scripts (through KEYS or a prefix in ARGV) and tests build them here. Keys of one room,
 * board, round or session share a hash tag ({…}), so they sit in one slot on a Redis Cluster.
 */

/** Chat, Q&A and announcements (src/lib/server/chat/chat-store.ts). */
export const chatKeys = {
	/** One room's chat. */
	room(room: string) {
		const tag = `chat:{${room}}`;
		return {
			/** STREAM: messages and deletion tombstones. */
			stream: `${tag}:stream`,
			/** HASH: message id → stream id (a resend is stored once). */
			ids: `${tag}:ids`,
			/** HASH: message id → who deleted it. */
			deleted: `${tag}:deleted`,
			/** HASH: message id → upvotes. */
			votes: `${tag}:votes`,
			/** HASH: "<message id>:<user>" → 1, one report per person and message. */
			reported: `${tag}:reported`,
			/** HASH: question id → its Q&A state. */
			states: `${tag}:qa-state`,
			/** LIST: the stream ids of the room's questions, in order (Q&A reads these, not the stream). */
			questions: `${tag}:questions`,
			/** STRING: set once the questions list holds every question of the stream. */
			questionsIndexed: `${tag}:questions-indexed`,
			/** STRING: the pinned message id. */
			pinned: `${tag}:pinned`,
			/** STRING: slow-mode seconds. */
			slow: `${tag}:slow`,
			/** SET: who upvoted this question. */
			voters: (messageId: string) => `${tag}:voters:${messageId}`,
			/** STRING with a TTL: this person's last message under slow mode. */
			lastSent: (userId: string) => `${tag}:last:${userId}`,
			/** STRING: key of the room's author pseudonyms. */
			secret: `${tag}:secret`
		};
	},
	/** STRING (with a TTL when timed): a mute or ban in one room, or (`scope` 'event') everywhere. */
	restriction: (kind: 'mute' | 'ban', scope: string, userId: string) =>
		`chat:${kind}:${scope}:${userId}`,
	/** LIST: reports, newest first. */
	reports: 'chat:reports',
	/** SET: people who deleted their account; chat shows "deleted user" for them. */
	deletedUsers: 'user:deleted',
	/** STRING with a TTL: one announcement as JSON. */
	announcement: (id: string) => `announcement:${id}`,
	/** ZSET: announcement id → expiry (ms). */
	announcements: 'announcements'
} as const;

/**
 * One brainstorm board (src/lib/server/boards/store.ts).
 *   version   STRING  the number of committed operations
 *   snapshot  STRING  the board as JSON at some version (at least every 50 operations)
 *   log       LIST    committed operations as JSON; index i holds version i + 1
 *   ops       HASH    "<user>:<op id>" → version (idempotency)
 *   used      HASH    voter pseudonym → dots used
 *   dots      HASH    "<voter>|<note>" → dots on that note
 *   secret    STRING  key of the board's pseudonyms
 */
export const boardKeys = (session: string) => {
	const tag = `board:{${session}}`;
	return {
		version: `${tag}:version`,
		snapshot: `${tag}:snapshot`,
		log: `${tag}:log`,
		ops: `${tag}:ops`,
		used: `${tag}:used`,
		dots: `${tag}:dots`,
		secret: `${tag}:secret`
	};
};

/**
 * One session's polls (src/lib/server/polls/store.ts).
 *   list        LIST    poll ids in the order they were made
 *   poll:P      STRING  the poll's question, choices and rules as JSON
 *   state:P     HASH    status, openedAt, closedAt, revealed
 *   answers:P   HASH    voter key → answer JSON (the voter key is a pseudonym on anonymous polls)
 *   counts:P    HASH    option id → count, and _voters, _other, _v (the tally's version)
 *   others:P    HASH    voter key → their "other" text
 *   secret      STRING  key of the anonymous polls' voter pseudonyms
 */
export const pollKeys = (session: string) => {
	const tag = `poll:{${session}}`;
	return {
		list: `${tag}:list`,
		poll: (id: string) => `${tag}:poll:${id}`,
		state: (id: string) => `${tag}:state:${id}`,
		others: (id: string) => `${tag}:others:${id}`,
		answers: (id: string) => `${tag}:answers:${id}`,
		counts: (id: string) => `${tag}:counts:${id}`,
		secret: `${tag}:secret`
	};
};

/** What a moderator put on a room's stage (src/lib/server/stage.ts). */
export const stageKeys = (session: string) => ({
	/** STRING: the stage view as JSON. */
	view: `stage:{${session}}:view`,
	/** LIST: { title, at } JSON of each view shown, for the recording's chapters. */
	marks: `stage:{${session}}:marks`
});

/** The dossier (src/lib/server/dossier/store.ts). */
export const dossierKeys = {
	/** HASH: item id → item JSON (published items only). */
	items: 'dossier:items',
	/** HASH: theme id → { theme, order } JSON. */
	themes: 'dossier:themes',
	/** HASH: link key (shared/dossier/links.ts) → item id, to spot duplicate tips. */
	links: 'dossier:links',
	/** HASH: tip id → tip JSON. */
	tips: 'dossier:tips',
	/** ZSET: tip id scored by arrival, the moderation queue. */
	pending: 'dossier:tips:pending',
	/** Counter raised by every change to items or themes. */
	version: 'dossier:version',
	/** Set once the dossier was seeded or imported: never seed again. */
	seeded: 'dossier:seeded',
	/** A short lock while one process seeds. */
	seeding: 'dossier:seeding'
} as const;

/** Recordings (src/lib/server/recordings/store.ts). */
export const recordingKeys = {
	/** Every key of this domain starts with it. */
	prefix: 'recording',
	/** STRING: a session's recording as JSON. */
	recording: (session: string) => `recording:{${session}}`,
	/** SET: the sessions that have a recording. */
	sessions: 'recordings',
	/** STRING: egress id → session, for webhooks. */
	egress: (egressId: string) => `recording:egress:${egressId}`,
	/** STRING: the built-in recorder's job for a session (JSON, recorder-jobs.ts). */
	job: (session: string) => `recording:{${session}}:job`,
	/** STRING with PX: the node that runs a session's recorder now (its lease). */
	lease: (session: string) => `recording:{${session}}:lease`,
	/** SET: sessions with a recorder job. */
	jobs: 'recording:jobs'
} as const;

/** Accounts, sign-in and invites (src/lib/server/auth/). */
export const authKeys = {
	/** STRING: a person as JSON. */
	user: (id: string) => `user:${id}`,
	/** HASH: e-mail address → user id. */
	usersByEmail: 'user:by-email',
	/** STRING with a TTL: sign-in session (token hash) → user id. */
	session: (hash: string) => `auth:session:${hash}`,
	/** SET: a person's sign-in session ids, for "sign out everywhere". */
	userSessions: (userId: string) => `auth:user-sessions:${userId}`,
	/** STRING with a TTL: sign-in link (token hash) → its payload JSON. */
	link: (hash: string) => `auth:link:${hash}`,
	/** STRING with a TTL: an invite as JSON. */
	invite: (id: string) => `invite:${id}`,
	/** STRING with a TTL: invite token hash → invite id. */
	inviteToken: (hash: string) => `invite:token:${hash}`,
	/** ZSET: invite id → created at, for the admin page. */
	invites: 'invite:index',
	/** SET: ids of people who hold a role (a grant), for the admin page. */
	granted: 'user:granted'
} as const;

/** Calendar feeds (src/lib/server/auth/personal-feed.ts, src/lib/server/interop/calendar-sequence.ts). */
export const calendarKeys = {
	/** STRING: personal feed token hash → user id. */
	feedOwner: (hash: string) => `calendar:feed:${hash}`,
	/** HASH: a person's feed: its token hash and when it was made. */
	feedRecord: (userId: string) => `calendar:feed-record:${userId}`,
	/** HASH: per session, the fingerprint last published and its iCalendar SEQUENCE. */
	sequence: (eventSlug: string) => `calendar:sequence:${eventSlug}`,
	/** KEYS pattern of every calendar key. */
	all: 'calendar:*'
} as const;

/**
 * One round of the programme (src/lib/server/round-signup.ts, round-times.ts).
 *   choice      HASH    user → session
 *   placed:S    ZSET    user → arrival number when placed (at most capacity:S members)
 *   wait:S      ZSET    user → arrival number on the waitlist
 *   seq         STRING  counter: arrival numbers in the order Redis ran the sign-ups
 *   capacity    HASH    session → capacity
 *   ends-at     STRING  the round's end after an extension (ms)
 */
export const roundKeys = (round: string) => {
	const tag = `round:{${round}}`;
	return {
		choice: `${tag}:choice`,
		capacity: `${tag}:capacity`,
		seq: `${tag}:seq`,
		placed: (session: string) => `${tag}:placed:${session}`,
		wait: (session: string) => `${tag}:wait:${session}`,
		endsAt: `${tag}:ends-at`
	};
};

/** Who is in which LiveKit room (src/lib/server/presence.ts). */
export const presenceKeys = (session: string) => ({
	/** SET: identities in the room now. */
	now: `presence:{${session}}:now`,
	/** LIST: join and leave entries as JSON. */
	log: `presence:{${session}}:log`
});

/** Rooms (src/lib/server/room-access.ts, room-closing.ts). */
export const roomKeys = {
	/** HASH with a TTL: identity → { name, at } of people a moderator removed. */
	removed: (session: string) => `room:{${session}}:removed`,
	/** HASH with a TTL: user id → { name, at } of raised hands (src/lib/server/room-hands.ts). */
	hands: (session: string) => `room:{${session}}:hands`,
	/** ZSET: session → the time a moderator closes it (ms). */
	closing: 'rooms:closing'
} as const;

/** Fixed-window counters (src/lib/server/rate-limit.ts); each STRING expires with its window. */
export const rateLimitKeys = {
	signInEmail: (email: string) => `ratelimit:signin:email:${email}`,
	signInIp: (ip: string) => `ratelimit:signin:ip:${ip}`,
	guestIp: (ip: string) => `ratelimit:guest:ip:${ip}`,
	/** Per address (an IPv6 /64 counts as one); `*` matches them all. */
	dossierTip: (address: string) => `ratelimit:dossier-tip:${address}`,
	dossierTipsAll: 'ratelimit:dossier-tip:all',
	/** Socket writes per person, one bucket per kind ('chat-write', 'room-write', 'board-op'). */
	perPerson: (bucket: string, userId: string) => `ratelimit:${bucket}:${userId}`,
	/** HASH: a person's chat token bucket (tokens, at). */
	chatBucket: (userId: string) => `ratelimit:chat-bucket:${userId}`,
	/** Chat messages per socket: past the limit the socket is cut off. */
	chatFlood: (socketId: string) => `ratelimit:chat-flood:${socketId}`
} as const;

/** The conductor's transitions, each claimed once per cluster (server/conductor.ts). */
export const conductorKeys = {
	transition: (key: string) => `transition:${key}`,
	/** KEYS pattern of every transition. */
	all: 'transition:*'
} as const;

/** How many connections each app node holds (server/realtime/connection-balance.ts). */
export const nodeKeys = {
	/** HASH: node id → "<connections> <unix ms>", rewritten by each node every few seconds. */
	connections: 'app-nodes:connections'
} as const;

/** The development mail outbox (src/lib/server/mail/mailer.ts): LIST of mails as JSON. */
export const mailKeys = { outbox: 'dev:outbox' } as const;

/** The programme as the app owns it (src/lib/server/programme/). */
export const programmeKeys = {
	/** HASH: `version` (a counter) and `data` (the stored programme as JSON). */
	current: 'programme:current',
	/** STREAM: every saved version, with who saved it and what changed. */
	history: 'programme:history',
	/** Pub/sub channel: a new version was saved (the message is its number). */
	changed: 'programme:changed',
	/** STRING (1 h): an uploaded schedule, checked, waiting for its admin to apply it. */
	importDraft: (id: string) => `programme:import:${id}`
} as const;

/** Who changed what: programme and role changes (src/lib/server/audit.ts). */
export const auditKeys = {
	/** STREAM: one entry per change. */
	log: 'audit:log'
} as const;
