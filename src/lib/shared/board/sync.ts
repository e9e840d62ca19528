import type { ErrorCode } from '../realtime/errors.ts';
import { memoryOutbox, RESEND_MS, type Outbox } from '../realtime/outbox.ts';
import type { RealtimeTransport } from '../realtime/transport.ts';
import { applyCommitted, commitOp, validateOp, type RuleError } from './logic.ts';
import type { Board, BoardOp, BoardSelf, CommittedOp, NewOp } from './schema.ts';

export type { NewOp };

export type SubmitOutcome =
	| { ok: true; version: number }
	| { ok: false; error: string; code: ErrorCode; rule?: RuleError; reason?: string };

/** Why the last operation failed: a rule this client checked itself, or the server's refusal. */
export type BoardError = { message: string; code: ErrorCode; rule?: RuleError; reason?: string };

interface Pending {
	op: BoardOp;
	/** The version the server gave it, once acknowledged. */
	version?: number;
}

/** How long a gap in the versions may last before the client fetches the whole board. */
const GAP_WAIT_MS = 1500;
const TYPING_SHOWN_MS = 4000;

/** A random id for notes, groups and operations (also outside secure contexts). */
export function newId(): string {
	const bytes = new Uint8Array(12);
	globalThis.crypto.getRandomValues(bytes);
	return Array.from(
		bytes,
		(b) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'[b & 63]
	).join('');
}

/**
 * One board in a client: the board as the server confirmed it, the client's own operations on
 * top until the server has ordered them, and the server's operations applied strictly in
 * version order. A gap that does not fill, or a refusal, makes it fetch the whole board again.
 */
export class BoardSync {
	confirmed: Board | undefined;
	self: BoardSelf | undefined;
	people: string[] = [];
	/** Typing indicators: key → name (if shown) and until when. */
	typing = new Map<string, { name?: string; until: number }>();
	lastError: BoardError | undefined;
	#pending: Pending[] = [];
	#buffered = new Map<number, CommittedOp>();
	#gapTimer: ReturnType<typeof setTimeout> | undefined;
	#joining: Promise<void> | undefined;
	#stopped = false;
	#restored = false;

	readonly session: string;
	readonly #transport: RealtimeTransport;
	readonly #now: () => number;
	readonly #changed: () => void;
	/** Unacknowledged operations, per board and person (their author pseudonym on it). */
	readonly #outbox: Outbox<BoardOp>;

	constructor(
		transport: RealtimeTransport,
		session: string,
		now: () => number,
		changed: () => void = () => {},
		outbox: Outbox<BoardOp> = memoryOutbox()
	) {
		this.#transport = transport;
		this.session = session;
		this.#now = now;
		this.#changed = changed;
		this.#outbox = outbox;
	}

	/** Subscribes and joins on every (re)connect; returns the function that stops it all. */
	start(): () => void {
		this.#stopped = false;
		const offs = [
			this.#transport.on('board:op', ({ session, op }) => {
				if (session === this.session) this.receive(op);
			}),
			this.#transport.on('board:presence', ({ session, people }) => {
				if (session !== this.session) return;
				this.people = people;
				this.#changed();
			}),
			this.#transport.on('board:typing', ({ session, key, name }) => {
				if (session !== this.session) return;
				this.typing.set(key, { name, until: this.#now() + TYPING_SHOWN_MS });
				this.#changed();
			}),
			this.#transport.onConnect(() => void this.resync())
		];
		return () => {
			this.#stopped = true;
			clearTimeout(this.#gapTimer);
			offs.forEach((off) => off());
			void this.#transport.request('board:leave', { session: this.session });
		};
	}

	/** The board to show: confirmed, plus my operations the server has not ordered yet. */
	get board(): Board | undefined {
		let board = this.confirmed;
		if (!board || !this.self) return board;
		for (const { op } of this.#pending) {
			if (validateOp(board, op, this.self)) continue;
			board = applyCommitted(board, this.#asCommitted(board, op));
		}
		return board;
	}

	get pendingCount(): number {
		return this.#pending.length;
	}

	/** Names typing right now. */
	typingNow(): { name?: string }[] {
		const now = this.#now();
		return [...this.typing.values()].filter((t) => t.until > now);
	}

	/** Fetches the whole board (first join, reconnect, a gap, a refusal). */
	resync(): Promise<void> {
		this.#joining ??= this.#join().finally(() => (this.#joining = undefined));
		return this.#joining;
	}

	async #join(): Promise<void> {
		const reply = await this.#transport.request('board:join', { session: this.session });
		if (this.#stopped) return;
		if (!reply.ok) {
			this.lastError = { message: reply.error, code: reply.code, reason: reply.reason };
			this.#changed();
			return;
		}
		this.confirmed = reply.board;
		this.self = reply.self;
		this.#pending = this.#pending.filter(
			(p) => p.version === undefined || p.version > reply.board.version
		);
		this.#drain();
		this.#restore();
		this.#changed();
	}

	/** Once known who I am on this board: sends what an earlier page left unsent. */
	#restore(): void {
		if (this.#restored || !this.self) return;
		this.#restored = true;
		for (const op of this.#outbox.load(this.#outboxKey(this.self))) {
			if (this.#pending.some((p) => p.op.id === op.id)) continue;
			const pending: Pending = { op };
			this.#pending.push(pending);
			void this.#deliver(pending);
		}
	}

	#outboxKey(self: BoardSelf): string {
		return `${this.session}:${self.author}`;
	}

	/** Keeps the operations the server has not acknowledged where the next page finds them. */
	#persist(): void {
		if (!this.self) return;
		const unsent = this.#pending.filter((p) => p.version === undefined).map((p) => p.op);
		this.#outbox.save(this.#outboxKey(this.self), unsent);
	}

	/** Applies one server operation, in order; later versions wait for the missing ones. */
	receive(op: CommittedOp): void {
		if (!this.confirmed || op.version > this.confirmed.version) this.#buffered.set(op.version, op);
		this.#drain();
		this.#changed();
	}

	#drain(): void {
		const board = this.confirmed;
		if (!board) return;
		let next = board;
		for (
			let op = this.#buffered.get(next.version + 1);
			op;
			op = this.#buffered.get(next.version + 1)
		) {
			this.#buffered.delete(op.version);
			next = applyCommitted(next, op);
			const mine = this.#pending.findIndex((p) => p.op.id === op.op.id);
			if (mine >= 0) this.#pending.splice(mine, 1);
		}
		for (const version of this.#buffered.keys())
			if (version <= next.version) this.#buffered.delete(version);
		this.#pending = this.#pending.filter(
			(p) => p.version === undefined || p.version > next.version
		);
		this.confirmed = next;
		// A gap starts the clock once; later arrivals do not postpone the resync.
		if (this.#buffered.size === 0) {
			clearTimeout(this.#gapTimer);
			this.#gapTimer = undefined;
		} else
			this.#gapTimer ??= setTimeout(() => {
				this.#gapTimer = undefined;
				void this.resync();
			}, GAP_WAIT_MS);
	}

	/**
	 * Applies my operation at once and sends it, again and again while the server is out of reach.
	 * A refusal (here, or by the server) leaves the board as the server has it.
	 */
	async submit(newOp: NewOp): Promise<SubmitOutcome> {
		const op = { ...newOp, id: newId() } as BoardOp;
		const board = this.board;
		if (board && this.self) {
			const rule = validateOp(board, op, this.self);
			if (rule) {
				this.lastError = { message: rule.message, code: 'board_rule', rule };
				this.#changed();
				return { ok: false, error: rule.message, code: 'board_rule', rule };
			}
		}
		const pending: Pending = { op };
		this.#pending.push(pending);
		this.#persist();
		this.lastError = undefined;
		this.#changed();
		return this.#deliver(pending);
	}

	async #deliver(pending: Pending): Promise<SubmitOutcome> {
		const { op } = pending;
		let reply = await this.#transport.request('board:op', { session: this.session, op });
		while (!reply.ok && reply.retry && !this.#stopped) {
			await new Promise((resolve) => setTimeout(resolve, RESEND_MS));
			reply = await this.#transport.request('board:op', { session: this.session, op });
		}
		if (reply.ok) {
			pending.version = reply.version;
			if (this.confirmed && reply.version <= this.confirmed.version) this.#drop(pending);
			this.#persist();
			this.#changed();
			return { ok: true, version: reply.version };
		}
		const outcome = { message: reply.error, code: reply.code, reason: reply.reason };
		if (this.#stopped) return { ok: false, error: reply.error, code: reply.code };
		this.#drop(pending);
		this.#persist();
		this.lastError = outcome;
		this.#changed();
		// The server knows something this client does not: fetch the board again.
		void this.resync();
		return { ok: false, error: reply.error, code: reply.code, reason: reply.reason };
	}

	/** Sends "I am typing" (the server passes on at most one every two seconds). */
	typingNote(): void {
		void this.#transport.request('board:typing', { session: this.session });
	}

	#drop(pending: Pending): void {
		this.#pending = this.#pending.filter((p) => p !== pending);
	}

	#asCommitted(board: Board, op: BoardOp): CommittedOp {
		const self = this.self!;
		const committed = commitOp(board, op, self, this.#now());
		// My own notes: the server will say whether others see them; I always do.
		return { ...committed, reveal: undefined };
	}
}
