import type { Redis } from 'ioredis';
import type { RoomServiceClient } from 'livekit-server-sdk';
import type { EventFile } from '../shared/event-schema.ts';
import type { Clock } from './clock.ts';
import type { AuthServices } from './auth/index.ts';
import type { Config } from './config.ts';
import type { Mailer, OutboxMailer } from './mail/mailer.ts';

export interface LivekitAccess {
	/** Where the server SDK reaches livekit-server (http or ws URL). */
	url: string;
	/** The WebSocket URL browsers connect to. */
	publicUrl: string;
	apiKey: string;
	apiSecret: string;
	rooms: RoomServiceClient;
}

/** Everything a request handler or socket handler needs, built once per process by server/boot. */
export interface Services {
	config: Config;
	event: EventFile;
	clock: Clock;
	redis: Redis;
	livekit: LivekitAccess;
	auth: AuthServices;
	mailer: Mailer;
	/** The development outbox, when mail is not sent through SMTP outside production. */
	outbox?: OutboxMailer;
	/** Filled in once Socket.IO is attached: lets HTTP handlers close sockets. */
	realtime?: RealtimeControl;
}

export interface RealtimeControl {
	/** Disconnects every socket of these sign-in sessions, on every node. */
	endSessions(sessionIds: string[]): void;
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
