import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { EventFile } from '../../shared/event-schema.ts';
import { applyCommitted, defaultQuestion, initialBoard } from '../../shared/board/logic.ts';
import {
	BoardSchema,
	CommittedOpSchema,
	type Board,
	type CommittedOp
} from '../../shared/board/schema.ts';
import { localize } from '../../shared/programme.ts';
import { boardKeys } from '../redis-keys.ts';
import { PseudonymSecrets } from '../pseudonym.ts';
import { defineScript } from '../redis-script.ts';

/*
 * Boards in Redis, every key of one board under the hash tag {<session>} (boardKeys in
 * redis-keys.ts has the layout). A commit is one Lua script: it refuses a known op id
 * (idempotent), a stale expected version (the node catches up from the log and tries again) and
 * any dot over a budget, then writes the log entry, the version and the dot counts together.
 * Redis runs with appendfsync always, so a committed operation survives a restart of every
 * process.
 */
const SNAPSHOT_EVERY = 50;

// KEYS: version, snapshot  ARGV: initial board JSON → 1 when created
const CREATE = {
	keys: 2,
	reply: z.literal([0, 1]),
	lua: `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('SET', KEYS[2], ARGV[1])
redis.call('SET', KEYS[1], '0')
return 1
`
};

// KEYS: version, log, ops, used, dots, snapshot
// ARGV: expected version, op key, committed JSON, budget, dots per note, snapshot JSON or '',
//       delta count, then voter, note, delta for each
// → {'ok', version} | {'duplicate', version} | {'conflict', version} | {'refused', reason}
const COMMIT = {
	keys: 6,
	reply: z.union([
		z.tuple([z.literal(['ok', 'duplicate', 'conflict']), z.number().int()]),
		z.tuple([z.literal('refused'), z.string()])
	]),
	lua: `
local done = redis.call('HGET', KEYS[3], ARGV[2])
if done then return {'duplicate', tonumber(done)} end
local current = tonumber(redis.call('GET', KEYS[1]) or '-1')
if current ~= tonumber(ARGV[1]) then return {'conflict', current} end
local budget, per_note, n = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[7])
for i = 0, n - 1 do
	local voter, note, delta = ARGV[8 + i * 3], ARGV[9 + i * 3], tonumber(ARGV[10 + i * 3])
	local used = tonumber(redis.call('HGET', KEYS[4], voter) or '0') + delta
	local dots = tonumber(redis.call('HGET', KEYS[5], voter .. '|' .. note) or '0') + delta
	if used < 0 or dots < 0 then return {'refused', 'no-vote'} end
	if delta > 0 and used > budget then return {'refused', 'budget'} end
	if delta > 0 and dots > per_note then return {'refused', 'one-per-note'} end
end
for i = 0, n - 1 do
	local voter, note, delta = ARGV[8 + i * 3], ARGV[9 + i * 3], tonumber(ARGV[10 + i * 3])
	if redis.call('HINCRBY', KEYS[4], voter, delta) <= 0 then redis.call('HDEL', KEYS[4], voter) end
	local field = voter .. '|' .. note
	if redis.call('HINCRBY', KEYS[5], field, delta) <= 0 then redis.call('HDEL', KEYS[5], field) end
end
local version = current + 1
redis.call('SET', KEYS[1], version)
redis.call('RPUSH', KEYS[2], ARGV[3])
redis.call('HSET', KEYS[3], ARGV[2], version)
if ARGV[6] ~= '' then redis.call('SET', KEYS[6], ARGV[6]) end
return {'ok', version}
`
};

export type CommitResult =
	| { status: 'ok' | 'duplicate' | 'conflict'; version: number }
	| { status: 'refused'; reason: string };

export interface VoteDelta {
	voter: string;
	note: string;
	delta: number;
}

/** Per-board pseudonyms: stable for one person on one board, unlinkable to their account. */
export interface Pseudonyms {
	author: string;
	voter: string;
	typing: string;
}

export class BoardStore {
	readonly #redis: Redis;
	readonly #event: () => EventFile;
	readonly #pseudonyms: PseudonymSecrets;
	readonly #create;
	readonly #commit;

	constructor(redis: Redis, event: () => EventFile) {
		this.#redis = redis;
		this.#event = event;
		this.#pseudonyms = new PseudonymSecrets(redis);
		this.#create = defineScript(redis, 'boardCreate', CREATE);
		this.#commit = defineScript(redis, 'boardCommit', COMMIT);
	}

	/** The brainstorm session a board belongs to, or undefined. */
	session(sessionId: string) {
		return this.#event().sessions.find((s) => s.id === sessionId && s.kind === 'brainstorm');
	}

	/** A board as the programme creates it: the session's board settings over the defaults. */
	initial(sessionId: string): Board {
		const session = this.session(sessionId);
		if (!session) throw new Error(`no brainstorm session "${sessionId}"`);
		const locale = this.#event().event.languages[0];
		const { questions, minutes, ...rules } = session.board ?? {};
		const board = initialBoard(
			sessionId,
			questions ?? [
				defaultQuestion(localize(session.title, locale), localize(session.description, locale))
			]
		);
		return {
			...board,
			settings: { ...board.settings, ...rules, minutes: { ...board.settings.minutes, ...minutes } }
		};
	}

	async exists(sessionId: string): Promise<boolean> {
		return (await this.#redis.exists(boardKeys(sessionId).version)) === 1;
	}

	/** The board now: its snapshot plus the operations logged after it (created on first use). */
	async load(sessionId: string): Promise<Board> {
		const keys = boardKeys(sessionId);
		let raw = await this.#redis.get(keys.snapshot);
		if (raw === null) {
			await this.#create([keys.version, keys.snapshot], [JSON.stringify(this.initial(sessionId))]);
			raw = await this.#redis.get(keys.snapshot);
		}
		const snapshot = BoardSchema.parse(JSON.parse(raw ?? 'null'));
		return this.catchUp(snapshot);
	}

	/** Brings a board up to the newest version from the log. */
	async catchUp(board: Board): Promise<Board> {
		const entries = await this.#redis.lrange(boardKeys(board.session).log, board.version, -1);
		let next = board;
		for (const entry of entries) {
			const committed = CommittedOpSchema.parse(JSON.parse(entry));
			if (committed.version !== next.version + 1)
				throw new Error(`board ${board.session}: log entry ${committed.version} out of order`);
			next = applyCommitted(next, committed);
		}
		return next;
	}

	async appliedVersion(sessionId: string, opKey: string): Promise<number | undefined> {
		const done = await this.#redis.hget(boardKeys(sessionId).ops, opKey);
		return done === null ? undefined : Number(done);
	}

	/**
	 * Commits one operation onto `expected` (the board it was validated against); `next` is the
	 * board after it, stored as a snapshot now and then.
	 */
	async commit(
		expected: Board,
		opKey: string,
		committed: CommittedOp,
		next: Board,
		deltas: VoteDelta[]
	): Promise<CommitResult> {
		const keys = boardKeys(expected.session);
		const settings = next.settings;
		const snapshot =
			next.version % SNAPSHOT_EVERY === 0 || committed.op.type === 'phase'
				? JSON.stringify(next)
				: '';
		const reply = await this.#commit(
			[keys.version, keys.log, keys.ops, keys.used, keys.dots, keys.snapshot],
			[
				String(expected.version),
				opKey,
				JSON.stringify(committed),
				String(expected.settings.votesPerPerson),
				String(settings.multipleVotesPerNote ? expected.settings.votesPerPerson : 1),
				snapshot,
				String(deltas.length),
				...deltas.flatMap((d) => [d.voter, d.note, String(d.delta)])
			]
		);
		if (reply[0] === 'refused') return { status: 'refused', reason: reply[1] };
		return { status: reply[0], version: reply[1] };
	}

	async pseudonyms(sessionId: string, userId: string): Promise<Pseudonyms> {
		const sign = await this.#pseudonyms.of(boardKeys(sessionId).secret);
		const make = (purpose: string) => sign(`${purpose}:${userId}`).slice(0, 16);
		return { author: make('author'), voter: make('voter'), typing: make('typing') };
	}
}
