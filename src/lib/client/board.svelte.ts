import { BoardSync, type BoardError, type NewOp, type SubmitOutcome } from '$lib/shared/board/sync';
import { BoardOpSchema, type Board, type BoardSelf } from '$lib/shared/board/schema';

import type { Realtime } from './realtime.svelte';
import { localOutbox } from './local-outbox';
import type { ServerClock } from './server-clock.svelte';

/** Unsent board operations survive a reload (per board and person). */
const outbox = localOutbox('plenair:board-outbox:', BoardOpSchema);

/**
 * One brainstorm board in the browser: BoardSync (shared with the tests) does the ordering and
 * reconciling; this class mirrors its state into runes for the components.
 */
export class BoardClient {
	board = $state.raw<Board>();
	self = $state.raw<BoardSelf>();
	people = $state.raw<string[]>([]);
	typing = $state.raw<{ name?: string }[]>([]);
	error = $state.raw<BoardError>();
	pending = $state(0);
	#sync: BoardSync;

	constructor(realtime: Realtime, clock: ServerClock, session: string) {
		this.#sync = new BoardSync(
			realtime,
			session,
			() => clock.now,
			() => this.#mirror(),
			outbox
		);
	}

	/** Joins the board (and rejoins on every reconnect); returns the function that leaves. */
	start(): () => void {
		const stop = this.#sync.start();
		// Typing indicators expire without an event: look again every second.
		const id = setInterval(() => {
			if (this.typing.length > 0) this.typing = this.#sync.typingNow();
		}, 1000);
		return () => {
			clearInterval(id);
			stop();
		};
	}

	submit(op: NewOp): Promise<SubmitOutcome> {
		return this.#sync.submit(op);
	}

	typingNote(): void {
		this.#sync.typingNote();
	}

	dismissError(): void {
		this.#sync.lastError = undefined;
		this.error = undefined;
	}

	#mirror(): void {
		this.board = this.#sync.board;
		this.self = this.#sync.self;
		this.people = this.#sync.people;
		this.typing = this.#sync.typingNow();
		this.error = this.#sync.lastError;
		this.pending = this.#sync.pendingCount;
	}
}
