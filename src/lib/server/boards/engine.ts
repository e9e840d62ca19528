import { applyCommitted, commitOp, validateOp, voteDeltas } from '../../shared/board/logic.ts';
import type { Board, BoardOp, CommittedOp } from '../../shared/board/schema.ts';
import type { BoardStore } from './store.ts';

/** An operation the board refuses; its message is safe to show. */
export class BoardRefusal extends Error {
	constructor(
		message: string,
		readonly code: string
	) {
		super(message);
	}
}

export interface BoardParticipant {
	userId: string;
	name: string;
	moderator: boolean;
}

export type SubmitResult =
	| { duplicate: true; version: number }
	| { duplicate: false; version: number; committed: CommittedOp; board: Board };

const MAX_ATTEMPTS = 100;

const REFUSALS: Record<string, string> = {
	budget: 'you have used all your votes',
	'one-per-note': 'one vote per note on this board',
	'no-vote': 'you have no vote on this note'
};

/**
 * One node's side of the boards: a cached copy of each board and a queue per board, so this
 * node submits one operation per board at a time. Several nodes may commit to the same board;
 * the store's version check makes the loser catch up from the log and validate again.
 */
export class BoardEngine {
	readonly store: BoardStore;
	readonly #now: () => number;
	readonly #boards = new Map<string, Board>();
	readonly #queues = new Map<string, Promise<unknown>>();

	constructor(store: BoardStore, now: () => number) {
		this.store = store;
		this.#now = now;
	}

	/** The newest board (loads it, or catches the cached copy up). */
	current(session: string): Promise<Board> {
		return this.#serial(session, () => this.#fresh(session));
	}

	submit(session: string, op: BoardOp, who: BoardParticipant): Promise<SubmitResult> {
		return this.#serial(session, async () => {
			const opKey = `${who.userId}:${op.id}`;
			const done = await this.store.appliedVersion(session, opKey);
			if (done !== undefined) return { duplicate: true, version: done };
			const names = await this.store.pseudonyms(session, who.userId);
			const actor = { ...names, name: who.name, moderator: who.moderator };
			const cached = this.#boards.get(session);
			let board = cached ?? (await this.#fresh(session));
			// A refusal is final only against the newest board; the cached copy may lag behind
			// what other nodes committed.
			let fresh = !cached;
			for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
				const refused = validateOp(board, op, actor);
				if (refused && fresh) throw new BoardRefusal(refused.message, refused.code);
				if (refused) {
					board = await this.#fresh(session);
					fresh = true;
					continue;
				}
				const committed = commitOp(board, op, actor, this.#now());
				const next = applyCommitted(board, committed);
				const result = await this.store.commit(
					board,
					opKey,
					committed,
					next,
					voteDeltas(board, committed)
				);
				if (result.status === 'ok') {
					this.#boards.set(session, next);
					return { duplicate: false, version: result.version, committed, board: next };
				}
				if (result.status === 'duplicate') return { duplicate: true, version: result.version };
				if (result.status === 'refused')
					throw new BoardRefusal(REFUSALS[result.reason] ?? 'refused', result.reason);
				board = await this.store.catchUp(board);
				this.#boards.set(session, board);
				fresh = true;
			}
			throw new Error(`board ${session}: no commit after ${MAX_ATTEMPTS} attempts`);
		});
	}

	async #fresh(session: string): Promise<Board> {
		const cached = this.#boards.get(session);
		const board = cached ? await this.store.catchUp(cached) : await this.store.load(session);
		this.#boards.set(session, board);
		return board;
	}

	/** Runs one task per board at a time on this node. */
	#serial<T>(session: string, task: () => Promise<T>): Promise<T> {
		const previous = this.#queues.get(session) ?? Promise.resolve();
		const run = previous.then(task, task);
		const settled = run.catch(() => undefined);
		this.#queues.set(session, settled);
		void settled.then(() => {
			if (this.#queues.get(session) === settled) this.#queues.delete(session);
		});
		return run;
	}
}
