/**
 * What a client has sent but the server has not acknowledged, kept where the next page load finds
 * it (localStorage in the browser: src/lib/client/local-outbox.ts; memory in tests).
 */
export interface Outbox<T> {
	load(key: string): T[];
	save(key: string, items: T[]): void;
}

export function memoryOutbox<T>(): Outbox<T> {
	const store = new Map<string, T[]>();
	return {
		load: (key) => store.get(key) ?? [],
		save: (key, items) => void store.set(key, items)
	};
}

/**
 * A refusal marked `retry` (the request may not have arrived, the server or its database was
 * briefly out of reach, or it asked to wait) is sent again, with the same id, after RESEND_MS;
 * the server applies an id once.
 */
export const RESEND_MS = 1500;
