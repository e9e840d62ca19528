/**
 * Remembers, per tab, that the programme moved this person into a session's room, so a reload
 * of that room keeps the moved state (no pre-join, devices off, the notice with the way back).
 * SvelteKit's page state does not survive a reload; the page forgets it on leaving the room.
 */
const key = (session: string) => `plenair:moved:${session}`;

export function rememberMove(session: string, moved: { from: string }): void {
	sessionStorage.setItem(key(session), JSON.stringify({ from: moved.from }));
}

export function recallMove(session: string): { from: string } | undefined {
	try {
		const value: unknown = JSON.parse(sessionStorage.getItem(key(session)) ?? 'null');
		if (value && typeof value === 'object' && 'from' in value && typeof value.from === 'string')
			return { from: value.from };
	} catch {
		// Anything unreadable counts as no move.
	}
	return undefined;
}

export function forgetMove(session: string): void {
	sessionStorage.removeItem(key(session));
}
