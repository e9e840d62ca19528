import { io, type Socket } from 'socket.io-client';
import type { RealtimeTransport } from '../../src/lib/shared/realtime/transport.ts';
import { refusal } from '../../src/lib/shared/realtime/errors.ts';
import type {
	Ack,
	ClientEventName,
	ClientRequest,
	ClientResponse,
	ServerEventName,
	ServerEventPayload
} from '../../src/lib/shared/realtime/protocol.ts';

/** A Node client of the realtime protocol, with the same surface as the browser's Realtime. */
export class TestClient implements RealtimeTransport {
	readonly socket: Socket;
	private readonly connectHandlers: (() => void)[] = [];
	private closed = false;

	constructor(url: string, cookie?: string, options: { reconnection?: boolean } = {}) {
		this.socket = io(url, {
			transports: ['websocket'],
			extraHeaders: cookie ? { cookie } : {},
			reconnection: options.reconnection ?? true,
			reconnectionDelay: 100,
			reconnectionDelayMax: 500
		});
		this.socket.on('connect', () => this.connectHandlers.forEach((h) => h()));
		// Like the browser's Realtime: a node holding more than its share asks to connect again.
		this.socket.on('node:handoff', () => {
			this.socket.disconnect();
			if (!this.closed) this.socket.connect();
		});
		// Like the browser's Realtime: a handshake the server refused is tried again later.
		if (options.reconnection ?? true)
			this.socket.on('connect_error', () => {
				if (!this.socket.active && !this.closed)
					setTimeout(() => {
						if (!this.closed) this.socket.connect();
					}, 500);
			});
	}

	connected(): Promise<void> {
		if (this.socket.connected) return Promise.resolve();
		return new Promise((resolve, reject) => {
			this.socket.once('connect', () => resolve());
			this.socket.once('connect_error', reject);
		});
	}

	async request<E extends ClientEventName>(
		event: E,
		payload: ClientRequest<E>,
		timeoutMs = 5000
	): Promise<Ack<ClientResponse<E>>> {
		try {
			return (await this.socket.timeout(timeoutMs).emitWithAck(event, payload)) as Ack<
				ClientResponse<E>
			>;
		} catch {
			return refusal('unavailable', 'no answer from the server');
		}
	}

	/** Sends anything at all (for hostile-input tests). */
	async raw(event: string, payload: unknown, timeoutMs = 3000): Promise<unknown> {
		try {
			return await this.socket.timeout(timeoutMs).emitWithAck(event, payload);
		} catch {
			return 'no answer';
		}
	}

	on<E extends ServerEventName>(
		event: E,
		handler: (payload: ServerEventPayload<E>) => void
	): () => void {
		const listener = handler as (...args: unknown[]) => void;
		this.socket.on(event as string, listener);
		return () => void this.socket.off(event as string, listener);
	}

	onConnect(handler: () => void): () => void {
		this.connectHandlers.push(handler);
		if (this.socket.connected) handler();
		return () => void this.connectHandlers.splice(this.connectHandlers.indexOf(handler), 1);
	}

	close(): void {
		this.closed = true;
		this.socket.close();
	}
}

/** Connected test clients of one test file, all closed at its end with closeAll(). */
export function clientPool() {
	const clients: TestClient[] = [];
	return {
		async connect(url: string, cookie?: string): Promise<TestClient> {
			const client = new TestClient(url, cookie);
			clients.push(client);
			await client.connected();
			return client;
		},
		closeAll: () => clients.splice(0).forEach((c) => c.close())
	};
}
