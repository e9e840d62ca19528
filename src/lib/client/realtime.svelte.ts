import { createContext } from 'svelte';
import { io, type Socket } from 'socket.io-client';
import {
	SOCKET_PATH,
	type Ack,
	type ClientEventName,
	type ClientRequest,
	type ClientResponse,
	type ClientToServerEvents,
	type ServerEventName,
	type ServerEventPayload,
	type ServerToClientEvents
} from '$lib/shared/realtime/protocol';
import { refusal } from '$lib/shared/realtime/errors';
import type { ServerClock } from './server-clock.svelte';

const REQUEST_TIMEOUT_MS = 8000;
const HANDSHAKE_RETRY_MS = 2000;

/**
 * The browser's one Socket.IO connection: typed requests with acknowledgements, typed
 * subscriptions that return their own unsubscribe, and the clock kept in step on every connect.
 */
export class Realtime {
	connected = $state(false);
	#socket: Socket<ServerToClientEvents, ClientToServerEvents>;
	#connectHandlers: (() => void)[] = [];
	#serverDisconnectHandlers: (() => void)[] = [];
	#wanted = false;
	#retry: ReturnType<typeof setTimeout> | undefined;
	readonly #clock: ServerClock;

	constructor(clock: ServerClock) {
		this.#clock = clock;
		this.#socket = io({ path: SOCKET_PATH, transports: ['websocket'], autoConnect: false });
		this.#socket.on('connect', () => {
			this.connected = true;
			void this.#syncClock();
			for (const handler of this.#connectHandlers) handler();
		});
		this.#socket.on('disconnect', (reason) => {
			this.connected = false;
			// The server ended this connection on purpose (signed out everywhere, a role taken
			// back). Socket.IO does not come back by itself then; the page decides.
			if (reason === 'io server disconnect')
				for (const handler of this.#serverDisconnectHandlers) handler();
		});
		// The server refused the handshake (its database briefly out of reach): Socket.IO does not
		// retry that by itself, so try again a little later, as it does after a lost connection.
		this.#socket.on('connect_error', () => {
			if (this.#socket.active || !this.#wanted) return;
			clearTimeout(this.#retry);
			this.#retry = setTimeout(() => {
				if (this.#wanted) this.#socket.connect();
			}, HANDSHAKE_RETRY_MS);
		});
		this.#socket.on('clock:changed', () => void this.#syncClock());
		// This node holds more than its share: connect again through the balancer at once.
		this.#socket.on('node:handoff', () => {
			this.#socket.disconnect();
			if (this.#wanted) this.#socket.connect();
		});
	}

	connect(): () => void {
		this.#wanted = true;
		this.#socket.connect();
		return () => {
			this.#wanted = false;
			clearTimeout(this.#retry);
			this.#socket.disconnect();
		};
	}

	/**
	 * Calls `handler` when the server ends the connection itself; returns the unsubscribe.
	 */
	onServerDisconnect(handler: () => void): () => void {
		this.#serverDisconnectHandlers.push(handler);
		return () => {
			this.#serverDisconnectHandlers = this.#serverDisconnectHandlers.filter((h) => h !== handler);
		};
	}

	/**
	 * Connects again, with a new handshake and so with the sign-in and rights as they are now;
	 * nothing when the page no longer wants a connection or one is up or under way.
	 */
	reconnect(): void {
		if (this.#wanted && !this.#socket.connected && !this.#socket.active) this.#socket.connect();
	}

	/** Sends one client event and resolves with the server's acknowledgement. */
	async request<E extends ClientEventName>(
		event: E,
		payload: ClientRequest<E>
	): Promise<Ack<ClientResponse<E>>> {
		try {
			const emit = this.#socket.timeout(REQUEST_TIMEOUT_MS).emitWithAck as (
				e: string,
				p: unknown
			) => Promise<Ack<ClientResponse<E>>>;
			return await emit.call(this.#socket.timeout(REQUEST_TIMEOUT_MS), event, payload);
		} catch {
			return refusal('unavailable', 'no answer from the server');
		}
	}

	on<E extends ServerEventName>(
		event: E,
		handler: (payload: ServerEventPayload<E>) => void
	): () => void {
		const listener = handler as (...args: unknown[]) => void;
		(this.#socket.on as (e: string, l: (...args: unknown[]) => void) => void)(event, listener);
		return () =>
			(this.#socket.off as (e: string, l: (...args: unknown[]) => void) => void)(event, listener);
	}

	/** Runs on every (re)connect, and at once when already connected. */
	onConnect(handler: () => void): () => void {
		this.#connectHandlers.push(handler);
		if (this.#socket.connected) handler();
		return () => {
			this.#connectHandlers = this.#connectHandlers.filter((h) => h !== handler);
		};
	}

	async #syncClock(): Promise<void> {
		const sent = Date.now();
		const result = await this.request('clock:sync', { clientSentAt: sent });
		if (result.ok) this.#clock.sync(result.now, Date.now() - sent, result.speed);
	}
}

export const [useRealtime, setRealtime] = createContext<Realtime>();
