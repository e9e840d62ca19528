import type {
	Ack,
	ClientEventName,
	ClientRequest,
	ClientResponse,
	ServerEventName,
	ServerEventPayload
} from './protocol.ts';

/**
 * What the chat and board clients need of a realtime connection: the browser's Realtime, or a
 * test client in Node.
 */
export interface RealtimeTransport {
	request<E extends ClientEventName>(
		event: E,
		payload: ClientRequest<E>
	): Promise<Ack<ClientResponse<E>>>;
	on<E extends ServerEventName>(
		event: E,
		handler: (payload: ServerEventPayload<E>) => void
	): () => void;
	onConnect(handler: () => void): () => void;
}
