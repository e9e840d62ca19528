import { dirname } from 'node:path';
import type { Redis } from 'ioredis';
import type { EventFile } from '../shared/event-schema.ts';
import { AuditLog } from './audit.ts';
import { createAuthServices, type AuthServices } from './auth/index.ts';
import { BoardEngine } from './boards/engine.ts';
import { BoardStore } from './boards/store.ts';
import { ChatStore } from './chat/chat-store.ts';
import type { Clock } from './clock.ts';
import { Dossier } from './dossier/index.ts';
import { DossierStore } from './dossier/store.ts';
import { Presence } from './presence.ts';
import { PollStore } from './polls/store.ts';
import { ImportDrafts } from './programme/import-drafts.ts';
import { RecorderJobs } from './recordings/recorder-jobs.ts';
import { RecordingStore } from './recordings/store.ts';
import { RoomAccess } from './room-access.ts';
import { RoomClosing } from './room-closing.ts';
import { RoomHands } from './room-hands.ts';
import { RoundSignup } from './round-signup.ts';
import { RoundTimes } from './round-times.ts';
import { StageStore } from './stage.ts';

/** The stores that need only Redis (and where the dossier seed lies). */
export interface Stores {
	/** Users, sign-in sessions, magic links, invites, personal calendar feeds. */
	auth: AuthServices;
	/** Round sign-up with waitlist. */
	signup: RoundSignup;
	/** Chat, Q&A, announcements, mutes and bans. */
	chat: ChatStore;
	/** The dossier: its store, the seed, the published snapshot with its search index. */
	dossier: Dossier;
	recordings: RecordingStore;
	/** The built-in recorder's jobs and leases, shared by every node. */
	recorderJobs: RecorderJobs;
	/** Removals from a room, and who may enter it. */
	roomAccess: RoomAccess;
	/** Rooms a moderator is closing. */
	roomClosing: RoomClosing;
	/** Raised hands per room. */
	roomHands: RoomHands;
	/** Who changed the programme or a role, and when. */
	audit: AuditLog;
	/** Uploaded schedules waiting to be applied. */
	importDrafts: ImportDrafts;
	/** Polls per session, with their answers. */
	polls: PollStore;
}

/** The stores bound to the programme as well. */
export interface ProgrammeStores {
	/** Round end times including extensions. */
	rounds: RoundTimes;
	/** Who is in which LiveKit room, from webhooks. */
	presence: Presence;
	/** This node's boards: cached copies and a queue per board, over the board store. */
	boards: BoardEngine;
	/** What moderators put on each room's stage (polls, brainstorm results). */
	stage: StageStore;
}

/**
 * Builds each Redis-only store once, on this connection. server/boot.ts calls it for the
 * services; the command-line scripts call it for what they need.
 */
export function createStores(redis: Redis, { eventFile }: { eventFile: string }): Stores {
	const chat = new ChatStore(redis);
	return {
		auth: createAuthServices(redis),
		signup: new RoundSignup(redis),
		chat,
		dossier: new Dossier(new DossierStore(redis), dirname(eventFile)),
		recordings: new RecordingStore(redis),
		recorderJobs: new RecorderJobs(redis),
		roomAccess: new RoomAccess(redis, chat),
		roomClosing: new RoomClosing(redis),
		roomHands: new RoomHands(redis),
		audit: new AuditLog(redis),
		importDrafts: new ImportDrafts(redis),
		polls: new PollStore(redis)
	};
}

/** Builds the programme-bound stores once (server/boot.ts). */
export function createProgrammeStores(
	redis: Redis,
	event: () => EventFile,
	clock: Clock,
	polls: PollStore
): ProgrammeStores {
	const boards = new BoardStore(redis, event);
	return {
		rounds: new RoundTimes(redis, event),
		// The event's slug never changes (the programme editor keeps it).
		presence: new Presence(redis, event().event.slug),
		boards: new BoardEngine(boards, () => clock.now()),
		stage: new StageStore(redis, event, polls, boards)
	};
}
