import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import {
	PollSchema,
	type Poll,
	type PollAnswer,
	type PollDraft,
	type PollStatus,
	type Tally
} from '../../shared/polls/schema.ts';
import { PseudonymSecrets } from '../pseudonym.ts';
import { pollKeys } from '../redis-keys.ts';
import { defineScript } from '../redis-script.ts';

/** An answer as stored: the person's name only on polls that are not anonymous. */
export const StoredAnswerSchema = z.object({
	choices: z.array(z.string()),
	other: z.string().optional(),
	name: z.string().optional(),
	at: z.number()
});
export type StoredAnswer = z.infer<typeof StoredAnswerSchema>;

/** The poll's question and rules, stored apart from its state so scripts never rewrite JSON. */
type PollDefinition = Omit<Poll, 'status' | 'revealed' | 'openedAt' | 'closedAt'>;

// KEYS: state, answers, counts, others  ARGV: voter, answer JSON, other text ('' for none), choices…
// → {'ok', version} | {'closed'}; replaces the voter's earlier answer in the counts.
const ANSWER = {
	keys: 4,
	reply: z.union([z.tuple([z.literal('ok'), z.number().int()]), z.tuple([z.literal('closed')])]),
	lua: `
if redis.call('HGET', KEYS[1], 'status') ~= 'open' then return {'closed'} end
local old = redis.call('HGET', KEYS[2], ARGV[1])
if old then
  local previous = cjson.decode(old)
  for _, choice in ipairs(previous.choices) do redis.call('HINCRBY', KEYS[3], choice, -1) end
  if type(previous.other) == 'string' then redis.call('HINCRBY', KEYS[3], '_other', -1) end
else
  redis.call('HINCRBY', KEYS[3], '_voters', 1)
end
for i = 4, #ARGV do redis.call('HINCRBY', KEYS[3], ARGV[i], 1) end
if ARGV[3] ~= '' then
  redis.call('HINCRBY', KEYS[3], '_other', 1)
  redis.call('HSET', KEYS[4], ARGV[1], ARGV[3])
else
  redis.call('HDEL', KEYS[4], ARGV[1])
end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return {'ok', redis.call('HINCRBY', KEYS[3], '_v', 1)}
`
};

// KEYS: state  ARGV: from status, to status, time field, time → 1, or 0 when not in `from`
const MOVE = {
	keys: 1,
	reply: z.literal([0, 1]),
	lua: `
if redis.call('HGET', KEYS[1], 'status') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'status', ARGV[2], ARGV[3], ARGV[4])
return 1
`
};

// KEYS: state, poll  ARGV: definition JSON → 1, or 0 when no longer a draft
const EDIT = {
	keys: 2,
	reply: z.literal([0, 1]),
	lua: `
if redis.call('HGET', KEYS[1], 'status') ~= 'draft' then return 0 end
redis.call('SET', KEYS[2], ARGV[1])
return 1
`
};

// KEYS: state, list, poll, answers, counts, others  ARGV: id → 1, or 0 while open
const REMOVE = {
	keys: 6,
	reply: z.literal([0, 1]),
	lua: `
if redis.call('HGET', KEYS[1], 'status') == 'open' then return 0 end
redis.call('LREM', KEYS[2], 0, ARGV[1])
redis.call('DEL', KEYS[1], KEYS[3], KEYS[4], KEYS[5], KEYS[6])
return 1
`
};

export type AnswerResult = { status: 'ok'; version: number } | { status: 'closed' };

/**
 * A session's polls in Redis. One answer per person is kept by one script per answer, so two
 * nodes answering for the same person (two tabs) never count them twice, and an answer that
 * arrives after the close is refused rather than counted.
 */
export class PollStore {
	readonly #redis: Redis;
	readonly #pseudonyms: PseudonymSecrets;
	readonly #answer;
	readonly #move;
	readonly #edit;
	readonly #remove;

	constructor(redis: Redis) {
		this.#redis = redis;
		this.#pseudonyms = new PseudonymSecrets(redis);
		this.#answer = defineScript(redis, 'pollAnswer', ANSWER);
		this.#move = defineScript(redis, 'pollMove', MOVE);
		this.#edit = defineScript(redis, 'pollEdit', EDIT);
		this.#remove = defineScript(redis, 'pollRemove', REMOVE);
	}

	async create(session: string, draft: PollDraft, now: number): Promise<Poll> {
		const keys = pollKeys(session);
		const definition = define(randomUUID(), session, draft, now);
		await this.#redis
			.multi()
			.set(keys.poll(definition.id), JSON.stringify(definition))
			.hset(keys.state(definition.id), 'status', 'draft')
			.rpush(keys.list, definition.id)
			.exec();
		return { ...definition, status: 'draft', revealed: false };
	}

	/** Every poll of the session, oldest first. */
	async list(session: string): Promise<Poll[]> {
		const keys = pollKeys(session);
		const ids = await this.#redis.lrange(keys.list, 0, -1);
		const polls = await Promise.all(ids.map((id) => this.get(session, id)));
		return polls.filter((p) => p !== undefined);
	}

	async get(session: string, id: string): Promise<Poll | undefined> {
		const keys = pollKeys(session);
		const [raw, state] = await Promise.all([
			this.#redis.get(keys.poll(id)),
			this.#redis.hgetall(keys.state(id))
		]);
		if (!raw || !state.status) return undefined;
		return PollSchema.parse({
			...JSON.parse(raw),
			status: state.status,
			revealed: state.revealed === '1',
			...(state.openedAt ? { openedAt: Number(state.openedAt) } : {}),
			...(state.closedAt ? { closedAt: Number(state.closedAt) } : {})
		});
	}

	/** Replaces a draft's question and rules; false once it was opened. */
	async edit(poll: Poll, draft: PollDraft): Promise<boolean> {
		const keys = pollKeys(poll.session);
		const definition = define(poll.id, poll.session, draft, poll.createdAt);
		return (
			(await this.#edit(
				[keys.state(poll.id), keys.poll(poll.id)],
				[JSON.stringify(definition)]
			)) === 1
		);
	}

	/** draft → open, or open → closed; false when the poll was not in `from` any more. */
	async move(session: string, id: string, from: PollStatus, at: number): Promise<boolean> {
		const to = from === 'draft' ? 'open' : 'closed';
		const field = to === 'open' ? 'openedAt' : 'closedAt';
		return (await this.#move([pollKeys(session).state(id)], [from, to, field, at])) === 1;
	}

	async reveal(session: string, id: string): Promise<void> {
		await this.#redis.hset(pollKeys(session).state(id), 'revealed', '1');
	}

	/** Deletes a poll with its answers; false while it is open. */
	async remove(session: string, id: string): Promise<boolean> {
		const k = pollKeys(session);
		const done = await this.#remove(
			[k.state(id), k.list, k.poll(id), k.answers(id), k.counts(id), k.others(id)],
			[id]
		);
		return done === 1;
	}

	async answer(
		poll: Poll,
		voter: string,
		answer: PollAnswer,
		at: number,
		name?: string
	): Promise<AnswerResult> {
		const k = pollKeys(poll.session);
		const stored: StoredAnswer = { ...answer, ...(name === undefined ? {} : { name }), at };
		const reply = await this.#answer(
			[k.state(poll.id), k.answers(poll.id), k.counts(poll.id), k.others(poll.id)],
			[voter, JSON.stringify(stored), answer.other ?? '', ...answer.choices]
		);
		return reply[0] === 'ok' ? { status: 'ok', version: reply[1] } : { status: 'closed' };
	}

	/** The whole tally, "other" texts included (callers cut it down per person: tallyFor). */
	async tally(poll: Poll): Promise<Tally> {
		const k = pollKeys(poll.session);
		const [counts, others] = await Promise.all([
			this.#redis.hgetall(k.counts(poll.id)),
			poll.other ? this.#redis.hvals(k.others(poll.id)) : Promise.resolve([])
		]);
		const n = (field: string) => Number(counts[field] ?? 0);
		return {
			poll: poll.id,
			version: n('_v'),
			voters: n('_voters'),
			counts: Object.fromEntries(poll.options.map((o) => [o.id, n(o.id)])),
			...(poll.other ? { other: n('_other'), others: others.sort() } : {})
		};
	}

	/** One person's answer, or undefined. */
	async mine(poll: Poll, voter: string): Promise<StoredAnswer | undefined> {
		const raw = await this.#redis.hget(pollKeys(poll.session).answers(poll.id), voter);
		return raw ? StoredAnswerSchema.parse(JSON.parse(raw)) : undefined;
	}

	/** Every answer, for the export. */
	async answers(poll: Poll): Promise<StoredAnswer[]> {
		const raw = await this.#redis.hvals(pollKeys(poll.session).answers(poll.id));
		return raw.map((r) => StoredAnswerSchema.parse(JSON.parse(r))).sort((a, b) => a.at - b.at);
	}

	/**
	 * Whose answer this is: the account on named polls; on anonymous ones a pseudonym, stable per
	 * person and poll, that nobody can trace back to the account from the stored data alone.
	 */
	async voter(poll: Poll, userId: string): Promise<string> {
		if (!poll.anonymous) return userId;
		const sign = await this.#pseudonyms.of(pollKeys(poll.session).secret);
		return sign(`${poll.id}:${userId}`);
	}
}

function define(id: string, session: string, draft: PollDraft, createdAt: number): PollDefinition {
	return {
		id,
		session,
		question: draft.question,
		options: draft.options.map((label, i) => ({ id: `o${i + 1}`, label })),
		multiple: draft.multiple,
		other: draft.other,
		anonymous: draft.anonymous,
		results: draft.results,
		createdAt
	};
}
