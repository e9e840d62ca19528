import { createContext } from 'svelte';
import type { Announcement } from '$lib/shared/realtime/chat';
import type { Destination, ServerEventPayload } from '$lib/shared/realtime/protocol';
import type { Realtime } from './realtime.svelte';

/**
 * What the programme asks of this browser: countdowns before rounds and before a room closes,
 * announcements from the organisers, and moves to another room.
 */
export class ProgrammeDirector {
	countdown = $state<ServerEventPayload<'round:countdown'>>();
	closing = $state<ServerEventPayload<'room:closing'>>();
	/** Organisers' announcements that have not expired. */
	announcements = $state<Announcement[]>([]);
	placed = $state<ServerEventPayload<'round:placed'>>();
	/** A session this person is placed in moved or was cancelled (until dismissed). */
	sessionChanged = $state<ServerEventPayload<'programme:session-changed'>>();
	/** The round whose end brought this browser back to the programme page (to say why). */
	returnedFrom = $state<string>();

	#connects = 0;

	readonly #realtime: Realtime;
	readonly #go: (destination: Destination) => void;
	/** The session whose room this tab shows, if any. */
	readonly #currentRoom: () => string | undefined;
	/** Loads the page's programme again (SvelteKit's invalidateAll in the app). */
	readonly #programmeChanged: () => void;

	constructor(
		realtime: Realtime,
		go: (destination: Destination) => void,
		currentRoom: () => string | undefined = () => undefined,
		programmeChanged: () => void = () => {}
	) {
		this.#realtime = realtime;
		this.#go = go;
		this.#currentRoom = currentRoom;
		this.#programmeChanged = programmeChanged;
	}

	/**
	 * After a reconnect, a move may have been sent while this tab was away: ask where the
	 * programme wants us, and follow if we sit in another session's room.
	 */
	async #catchUp(): Promise<void> {
		const here = this.#currentRoom();
		if (!here) return;
		const result = await this.#realtime.request('room:where', {});
		if (!result.ok || !result.destination) return;
		const there = result.destination;
		if (there.kind === 'session' && there.session !== here) this.#go(there);
	}

	/** Subscribes to the server's programme events; returns the unsubscribe. */
	start(): () => void {
		const offs = [
			this.#realtime.on('round:countdown', (p) => (this.countdown = p)),
			this.#realtime.on('room:closing', (p) => (this.closing = p)),
			this.#realtime.on('announcement', (a) => (this.announcements = [...this.announcements, a])),
			this.#realtime.onConnect(() => {
				void this.#realtime.request('announcement:list', {}).then((r) => {
					if (r.ok) this.announcements = r.announcements;
				});
				if (this.#connects++ > 0) void this.#catchUp();
			}),
			this.#realtime.on('round:placed', (p) => (this.placed = p)),
			this.#realtime.on('programme:session-changed', (p) => (this.sessionChanged = p)),
			this.#realtime.on('programme:changed', () => this.#programmeChanged()),
			this.#realtime.on('room:move', ({ destination, reason, round }) => {
				this.countdown = undefined;
				this.closing = undefined;
				this.returnedFrom =
					reason === 'round-end' && destination.kind === 'lobby' ? round : undefined;
				// Already there (a plenary's start reaching its own room page): stay put.
				if (destination.kind === 'session' && destination.session === this.#currentRoom()) return;
				this.#go(destination);
			})
		];
		return () => offs.forEach((off) => off());
	}
}

export const [useDirector, setDirector] = createContext<ProgrammeDirector>();
