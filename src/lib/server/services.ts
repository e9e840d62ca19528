import type { Redis } from 'ioredis';
import type { RoomServiceClient } from 'livekit-server-sdk';
import type { EventFile } from '../shared/event-schema.ts';
import type { Actor } from '../shared/policy.ts';
import type { ServerEventName, ServerEventPayload } from '../shared/realtime/protocol.ts';
import type { SettableClock } from './clock.ts';
import type { Config } from './config.ts';
import type { Mailer, OutboxMailer } from './mail/mailer.ts';
import type { Metrics } from './metrics.ts';
import type { LiveProgramme } from './programme/live-programme.ts';
import type { ProgrammeStores, Stores } from './stores.ts';

export interface LivekitAccess {
	/** Where the server SDK reaches livekit-server (http or ws URL). */
	url: string;
	/** The WebSocket URL browsers connect to. */
	publicUrl: string;
	apiKey: string;
	apiSecret: string;
	rooms: RoomServiceClient;
}

/**
 * Everything a request handler or socket handler needs, built once per process by server/boot.
 * Every store is made once (stores.ts) and reached through here, never constructed per request.
 */
export interface Services extends Stores, ProgrammeStores {
	config: Config;
	/** The configured public origin (scheme, host, port): the base of every absolute URL. */
	origin: string;
	/** The programme now (`programme.event`): read it at use, do not keep it. */
	readonly event: EventFile;
	/** The programme with its version, saves and change listeners. */
	programme: LiveProgramme;
	clock: SettableClock;
	redis: Redis;
	livekit: LivekitAccess;
	mailer: Mailer;
	/** The development outbox, when mail is not sent through SMTP outside production. */
	outbox?: OutboxMailer;
	/** The built-in recorder's binary, when PLENAIR_RECORDER=builtin and it is built here. */
	recorderBinary?: string;
	/** This node's Prometheus metrics (`/metrics`). */
	metrics: Metrics;
	/** Filled in once Socket.IO is attached: lets HTTP handlers close sockets. */
	realtime?: RealtimeControl;
}

export interface RealtimeControl {
	/** Disconnects every socket of these sign-in sessions, on every node. */
	endSessions(sessionIds: string[]): void;
	/** Sends a server event to one person's sockets, on every node. */
	toUser<E extends ServerEventName>(userId: string, event: E, payload: ServerEventPayload<E>): void;
	/** Sends a server event to everyone on one session's room page. */
	toRoom<E extends ServerEventName>(
		sessionId: string,
		event: E,
		payload: ServerEventPayload<E>
	): void;
	/** The clock was moved: forget past transitions and tell every client. */
	clockMoved(): Promise<void>;
	/**
	 * This node saved a new programme: reschedule what moved, move people out of cancelled
	 * rooms, tell whoever is placed in a moved or cancelled session.
	 */
	programmeChanged(previous: EventFile, next: EventFile): Promise<void>;
	/** Sends a server event to everyone. */
	toAll<E extends ServerEventName>(event: E, payload: ServerEventPayload<E>): void;
	/** Sends a server event to everyone except the sockets on these sessions' room pages. */
	toAllExcept<E extends ServerEventName>(
		sessionIds: string[],
		event: E,
		payload: ServerEventPayload<E>
	): void;
	/** Who is on one session's room page, on every node: the actor of each socket there. */
	actorsIn(sessionId: string): Promise<(Actor | null)[]>;
	/** Whether this person has a socket other than `socketId` on the session's room page. */
	stillIn(userId: string, sessionId: string, socketId: string): Promise<boolean>;
}

/*
 * The Node entry (server/) and the SvelteKit bundle load separate copies of this module, so the
 * services are handed over through one well-known global key rather than a module variable.
 * Tests hand over their own by calling setServices.
 */
const KEY = Symbol.for('plenair.services');
type Holder = { [KEY]?: Services };

export function setServices(services: Services | undefined): void {
	(globalThis as Holder)[KEY] = services;
}

export function getServices(): Services {
	const services = (globalThis as Holder)[KEY];
	if (!services) throw new Error('Plenair services are not running (start through server/main.ts)');
	return services;
}
