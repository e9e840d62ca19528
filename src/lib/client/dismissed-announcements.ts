import { z } from 'zod';

const KEY = 'plenair:dismissed-announcements';
const Stored = z.array(z.string().max(100)).max(200);

/** Minimal storage, so tests can pass a Map-backed one. */
export interface KeyValueStore {
	getItem(key: string): string | null;
	setItem(key: string, value: string): void;
}

/** The announcement ids this browser dismissed (empty if storage is missing or garbled). */
export function readDismissed(store: KeyValueStore | undefined): string[] {
	try {
		const parsed = Stored.safeParse(JSON.parse(store?.getItem(KEY) ?? '[]'));
		return parsed.success ? parsed.data : [];
	} catch {
		return [];
	}
}

/**
 * Remembers one more dismissed id. Only ids still announced are kept, so the list never grows
 * beyond what is shown.
 */
export function rememberDismissed(
	store: KeyValueStore | undefined,
	id: string,
	current: readonly string[]
): string[] {
	const kept = [...readDismissed(store).filter((d) => current.includes(d)), id];
	const unique = [...new Set(kept)].slice(-200);
	try {
		store?.setItem(KEY, JSON.stringify(unique));
	} catch {
		// Storage full or blocked: dismissed for this page view only.
	}
	return unique;
}
