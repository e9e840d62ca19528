import type { Redis } from 'ioredis';
import { z } from 'zod';
import { viewFor } from '../shared/board/logic.ts';
import { rankResults, type BoardResults } from '../shared/board/results.ts';
import { tallyFor } from '../shared/polls/logic.ts';
import { findSession, localize } from '../shared/programme.ts';
import {
	STAGE_RESULTS_TOP,
	StageViewSchema,
	type StageContent,
	type StageView
} from '../shared/realtime/stage.ts';
import type { Chapter } from '../shared/recordings/schema.ts';
import type { EventFile } from '../shared/event-schema.ts';
import type { BoardStore } from './boards/store.ts';
import type { PollStore } from './polls/store.ts';
import { stageKeys } from './redis-keys.ts';

const MarkSchema = z.object({ title: z.string(), at: z.number() });

/** Why a view cannot go on stage. */
export class StageRefusal extends Error {
	constructor(
		readonly code: 'not_found' | 'results_not_ready' | 'poll_closed' | 'invalid',
		detail: string
	) {
		super(detail);
	}
}

/** The top of a brainstorm's results as the stage shows them: groups, or notes without groups. */
export function stageResults(
	results: BoardResults
): Extract<StageContent, { kind: 'brainstorm' }>['results'] {
	if (results.groups.length > 0)
		return results.groups.slice(0, STAGE_RESULTS_TOP).map((g) => ({
			rank: g.rank,
			title: g.name,
			votes: g.votes,
			notes: g.notes.slice(0, 3).map((n) => ({ text: n.text, votes: n.votes }))
		}));
	return results.notes
		.slice(0, STAGE_RESULTS_TOP)
		.map((n) => ({ rank: n.rank, title: n.text, votes: n.votes, notes: [] }));
}

/**
 * What a moderator put on a room's stage, kept in Redis so a late joiner or a reload sees it,
 * and a list of when each view was shown, which become the recording's chapters.
 */
export class StageStore {
	readonly #redis: Redis;
	readonly #event: () => EventFile;
	readonly #polls: PollStore;
	readonly #boards: BoardStore;

	constructor(redis: Redis, event: () => EventFile, polls: PollStore, boards: BoardStore) {
		this.#redis = redis;
		this.#event = event;
		this.#polls = polls;
		this.#boards = boards;
	}

	async view(session: string): Promise<StageView | undefined> {
		const raw = await this.#redis.get(stageKeys(session).view);
		if (!raw) return undefined;
		const parsed = StageViewSchema.safeParse(JSON.parse(raw));
		return parsed.success ? parsed.data : undefined;
	}

	/** The content of a view, checked: throws a StageRefusal when it cannot be shown. */
	async content(session: string, view: StageView): Promise<StageContent> {
		if (view.kind === 'poll') {
			const poll = await this.#polls.get(session, view.poll);
			if (!poll) throw new StageRefusal('not_found', 'no such poll in this session');
			if (poll.status === 'draft')
				throw new StageRefusal('poll_closed', 'open the poll before showing it');
			const shown = { ...poll, revealed: true };
			return {
				kind: 'poll',
				poll: shown,
				tally: tallyFor(shown, await this.#polls.tally(poll), false)
			};
		}
		const board = findSession(this.#event(), view.board);
		if (board?.kind !== 'brainstorm') throw new StageRefusal('not_found', 'no such brainstorm');
		if (!(await this.#boards.exists(board.id)))
			throw new StageRefusal('results_not_ready', 'this brainstorm has no results yet');
		const state = await this.#boards.load(board.id);
		if (state.phase !== 'results')
			throw new StageRefusal('results_not_ready', 'this brainstorm has not reached its results');
		const ranked = rankResults(viewFor(state, ''));
		const results = stageResults(ranked);
		if (view.step >= Math.max(1, results.length))
			throw new StageRefusal('invalid', `step ${view.step} is past the last result`);
		return { kind: 'brainstorm', board: board.id, step: view.step, voters: ranked.voters, results };
	}

	/** The stage now, or null when empty (or when what it showed is gone). */
	async current(session: string): Promise<StageContent | null> {
		const view = await this.view(session);
		if (!view) return null;
		try {
			return await this.content(session, view);
		} catch (error) {
			if (error instanceof StageRefusal) return null;
			throw error;
		}
	}

	/**
	 * Puts a view on stage (or clears it) and answers its content. A poll shown on stage has its
	 * tally revealed to everyone. A new view (not another step of the same one) is marked for the
	 * recording's chapters.
	 */
	async show(session: string, view: StageView | null, at: number): Promise<StageContent | null> {
		const keys = stageKeys(session);
		if (!view) {
			await this.#redis.del(keys.view);
			return null;
		}
		const content = await this.content(session, view);
		if (content.kind === 'poll') await this.#polls.reveal(session, content.poll.id);
		const before = await this.view(session);
		const same =
			before?.kind === view.kind &&
			(view.kind === 'poll'
				? before.kind === 'poll' && before.poll === view.poll
				: before.kind === 'brainstorm' && before.board === view.board);
		const multi = this.#redis.multi().set(keys.view, JSON.stringify(view));
		if (!same) multi.rpush(keys.marks, JSON.stringify({ title: this.#title(content), at }));
		await multi.exec();
		return content;
	}

	/** Chapters for the views shown while a video of the session ran. */
	async chapters(session: string, recordedFrom: number, durationMs?: number): Promise<Chapter[]> {
		const raw = await this.#redis.lrange(stageKeys(session).marks, 0, -1);
		return raw
			.map((r) => MarkSchema.safeParse(JSON.parse(r)))
			.filter((m) => m.success)
			.map(({ data }) => ({
				title: data.title.slice(0, 200),
				atMs: Math.round(data.at - recordedFrom)
			}))
			.filter((c) => c.atMs >= 0 && (durationMs === undefined || c.atMs <= durationMs));
	}

	#title(content: StageContent): string {
		const locale = this.#event().event.languages[0];
		const word =
			locale === 'en'
				? { poll: 'Poll', results: 'Results' }
				: { poll: 'Peiling', results: 'Resultaten' };
		if (content.kind === 'poll') return `${word.poll}: ${content.poll.question}`;
		const board = findSession(this.#event(), content.board);
		return `${word.results}: ${board ? localize(board.title, locale) : content.board}`;
	}
}
