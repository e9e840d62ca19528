import type { Realtime } from './realtime.svelte';
import type { ClientResponse } from '$lib/shared/realtime/protocol';
import type { Reaction, RaisedHand } from '$lib/shared/realtime/rooms';

/** Who is on the room's page, as the server last said ('room:people'). */
export type RoomAudience = ClientResponse<'room:people'>;

/** How long a reaction floats over the stage. */
export const REACTION_SHOW_MS = 4000;
/** At most one spoken summary of reactions per this many milliseconds. */
export const REACTION_ANNOUNCE_MS = 5000;

export interface FloatingReaction {
	id: number;
	emoji: Reaction;
	name: string;
	/** Horizontal place over the stage, 0–100 (%). */
	left: number;
}

type RealtimeLike = Pick<Realtime, 'request' | 'on' | 'onConnect'>;

/**
 * The people side of one room page: raised hands (kept by the server, in order) and reactions
 * floating over the stage. One instance per session page, started while the page shows it.
 */
export class RoomSocial {
	hands = $state<RaisedHand[]>([]);
	reactions = $state<FloatingReaction[]>([]);
	/** A polite, throttled summary of recent reactions for screen readers. */
	announcement = $state('');
	/** Who is on the page (a plenary's audience, whom LiveKit does not show); loaded on demand. */
	audience = $state<RoomAudience>();
	/** The last refusal code of a hand or reaction, for the page to show. */
	error = $state<string>();
	#next = 0;
	#pending: { emoji: Reaction; name: string }[] = [];
	#announceTimer: ReturnType<typeof setTimeout> | undefined;
	#lastAnnounced = 0;
	readonly #session: string;
	readonly #realtime: RealtimeLike;
	readonly #now: () => number;
	readonly #describe: (items: { emoji: Reaction; name: string }[]) => string;

	constructor(
		session: string,
		realtime: RealtimeLike,
		describe: (items: { emoji: Reaction; name: string }[]) => string,
		now: () => number = Date.now
	) {
		this.#session = session;
		this.#realtime = realtime;
		this.#describe = describe;
		this.#now = now;
	}

	/** Whether this person's hand is up. */
	raised(userId: string | undefined): boolean {
		return userId !== undefined && this.hands.some((h) => h.userId === userId);
	}

	start(): () => void {
		const offHands = this.#realtime.on('room:hands', (p) => {
			if (p.session === this.#session) this.hands = p.hands;
		});
		const offReaction = this.#realtime.on('room:reaction', (p) => {
			if (p.session === this.#session) this.#float(p.emoji, p.name);
		});
		const offConnect = this.#realtime.onConnect(() => void this.#load());
		return () => {
			offHands();
			offReaction();
			offConnect();
			clearTimeout(this.#announceTimer);
		};
	}

	async #load(): Promise<void> {
		const answer = await this.#realtime.request('room:hands', { session: this.#session });
		if (answer.ok) this.hands = answer.hands;
	}

	/** Asks who is on the room's page now. */
	async loadAudience(): Promise<void> {
		const answer = await this.#realtime.request('room:people', { session: this.#session });
		if (answer.ok) {
			const { people, count, anonymous } = answer;
			this.audience = { people, count, anonymous };
		}
	}

	async setHand(raised: boolean): Promise<void> {
		const answer = await this.#realtime.request('room:hand', { session: this.#session, raised });
		this.error = answer.ok ? undefined : answer.code;
		if (answer.ok) this.hands = answer.hands;
	}

	async lowerHand(userId: string): Promise<void> {
		const answer = await this.#realtime.request('room:hand-lower', {
			session: this.#session,
			userId
		});
		this.error = answer.ok ? undefined : answer.code;
		if (answer.ok) this.hands = answer.hands;
	}

	async react(emoji: Reaction): Promise<void> {
		const answer = await this.#realtime.request('room:react', { session: this.#session, emoji });
		this.error = answer.ok ? undefined : answer.code;
	}

	#float(emoji: Reaction, name: string): void {
		const id = ++this.#next;
		// Spread them over the stage's lower right, so a burst does not stack on one spot.
		const left = 55 + ((id * 37) % 40);
		this.reactions = [...this.reactions.slice(-19), { id, emoji, name, left }];
		setTimeout(() => {
			this.reactions = this.reactions.filter((r) => r.id !== id);
		}, REACTION_SHOW_MS);
		this.#pending.push({ emoji, name });
		if (this.#announceTimer) return;
		const wait = Math.max(0, this.#lastAnnounced + REACTION_ANNOUNCE_MS - this.#now());
		this.#announceTimer = setTimeout(() => {
			this.#announceTimer = undefined;
			this.#lastAnnounced = this.#now();
			this.announcement = this.#describe(this.#pending.splice(0));
		}, wait);
	}
}
