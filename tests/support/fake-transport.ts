import type { RealtimeTransport } from '../../src/lib/shared/realtime/transport.ts';

type Responder = (payload: Record<string, unknown>) => unknown;

/**
 * A realtime connection in memory for the browser's state classes and components: records every
 * request, answers from a table (anything not in it gets `{ ok: true }`; an answer may be a
 * promise the test settles later), delivers server events when the test says so, and is
 * connected from the start. Real sockets: tests/support/realtime-client.ts.
 */
export function fakeTransport(answers: Record<string, Responder> = {}) {
	const requests: { event: string; payload: Record<string, unknown> }[] = [];
	const listeners = new Map<string, Set<(payload: unknown) => void>>();
	const connectHandlers = new Set<() => void>();
	const transport: RealtimeTransport = {
		request: (async (event: string, payload: Record<string, unknown>) => {
			requests.push({ event, payload });
			const answer = answers[event];
			return answer ? answer(payload) : { ok: true };
		}) as RealtimeTransport['request'],
		on: (event, handler) => {
			const set = listeners.get(event) ?? new Set();
			set.add(handler as (payload: unknown) => void);
			listeners.set(event, set);
			return () => set.delete(handler as (payload: unknown) => void);
		},
		onConnect: (handler) => {
			connectHandlers.add(handler);
			handler();
			return () => connectHandlers.delete(handler);
		}
	};
	return {
		transport,
		answers,
		requests,
		/** The payloads of one event's requests, in order. */
		sent: (event: string) => requests.filter((r) => r.event === event).map((r) => r.payload),
		/** A server event, to everyone subscribed to it. */
		emit: (event: string, payload: unknown) =>
			listeners.get(event)?.forEach((handler) => handler(payload)),
		/** The connection comes back: every onConnect handler runs again. */
		reconnect: () => [...connectHandlers].forEach((handler) => handler()),
		/** How many subscriptions to server events are still open. */
		listening: () => [...listeners.values()].reduce((n, set) => n + set.size, 0)
	};
}

/** localStorage as a browser has it, for code that runs in Node. */
export class MemoryStorage {
	readonly items = new Map<string, string>();
	getItem = (key: string) => this.items.get(key) ?? null;
	setItem = (key: string, value: string) => void this.items.set(key, value);
	removeItem = (key: string) => void this.items.delete(key);
	clear = () => this.items.clear();
}
