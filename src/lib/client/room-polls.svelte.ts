import type { Realtime } from './realtime.svelte';
import type { ShownRefusal } from './error-text';
import type { PollAnswer, PollDraft, PollView, Tally } from '$lib/shared/polls/schema';
import type { StageContent, StageView } from '$lib/shared/realtime/stage';

type RealtimeLike = Pick<Realtime, 'request' | 'on' | 'onConnect'>;

/**
 * One room page's polls and its stage view: the polls as this person may see them, kept up to
 * date by the server's events (a tally replaces an older one, never a newer), and the moderator's
 * actions on them. One instance per session page, started while the page shows it.
 */
export class RoomPolls {
	polls = $state<PollView[]>([]);
	#stage = $state<StageContent | null>(null);
	/** The last refusal, for the panel to show. */
	error = $state<ShownRefusal>();
	readonly #session: string;
	readonly #realtime: RealtimeLike;

	constructor(session: string, realtime: RealtimeLike) {
		this.#session = session;
		this.#realtime = realtime;
	}

	/** What is on stage; a poll there shows the newest tally this page has. */
	get stage(): StageContent | null {
		const shown = this.#stage;
		if (shown?.kind !== 'poll') return shown;
		const view = this.polls.find((p) => p.poll.id === shown.poll.id);
		if (!view) return shown;
		const tally =
			view.tally.version >= shown.tally.version && view.tally.counts ? view.tally : shown.tally;
		return { ...shown, poll: view.poll, tally };
	}

	get openPolls(): PollView[] {
		return this.polls.filter((p) => p.poll.status === 'open');
	}

	start(): () => void {
		const session = this.#session;
		const offs = [
			this.#realtime.on('poll:changed', (p) => {
				if (p.session !== session) return;
				const known = this.polls.find((v) => v.poll.id === p.poll.id);
				if (known) known.poll = p.poll;
				else this.polls.push({ poll: p.poll, tally: { poll: p.poll.id, version: 0, voters: 0 } });
			}),
			this.#realtime.on('poll:removed', (p) => {
				if (p.session === session) this.polls = this.polls.filter((v) => v.poll.id !== p.poll);
			}),
			this.#realtime.on('poll:tally', (p) => {
				if (p.session === session) this.#takeTally(p.tally);
			}),
			this.#realtime.on('stage:changed', (p) => {
				if (p.session === session) this.#stage = p.content;
			}),
			this.#realtime.onConnect(() => void this.#load())
		];
		return () => {
			for (const off of offs) off();
			void this.#realtime.request('poll:leave', { session });
		};
	}

	async #load(): Promise<void> {
		const session = this.#session;
		const [polls, stage] = await Promise.all([
			this.#realtime.request('poll:join', { session }),
			this.#realtime.request('stage:current', { session })
		]);
		if (polls.ok) this.polls = polls.polls;
		if (stage.ok) this.#stage = stage.content;
	}

	#takeTally(tally: Tally): void {
		const view = this.polls.find((v) => v.poll.id === tally.poll);
		if (view && tally.version >= view.tally.version) view.tally = tally;
	}

	async #ask<T extends { ok: boolean }>(request: Promise<T>): Promise<T> {
		const answer = await request;
		this.error = answer.ok ? undefined : (answer as unknown as ShownRefusal);
		return answer;
	}

	async answer(poll: string, answer: PollAnswer): Promise<boolean> {
		const result = await this.#ask(
			this.#realtime.request('poll:answer', { session: this.#session, poll, answer })
		);
		if (result.ok) {
			const view = this.polls.find((v) => v.poll.id === poll);
			if (view) view.mine = answer;
		}
		return result.ok;
	}

	async create(draft: PollDraft, open: boolean): Promise<boolean> {
		const result = await this.#ask(
			this.#realtime.request('poll:create', { session: this.#session, draft, open })
		);
		if (result.ok && !this.polls.some((v) => v.poll.id === result.poll.id))
			this.polls.push({
				poll: result.poll,
				tally: { poll: result.poll.id, version: 0, voters: 0 }
			});
		return result.ok;
	}

	async edit(poll: string, draft: PollDraft): Promise<boolean> {
		const result = await this.#ask(
			this.#realtime.request('poll:edit', { session: this.#session, poll, draft })
		);
		return result.ok;
	}

	async open(poll: string): Promise<boolean> {
		return (await this.#ask(this.#realtime.request('poll:open', { session: this.#session, poll })))
			.ok;
	}

	async close(poll: string): Promise<boolean> {
		return (await this.#ask(this.#realtime.request('poll:close', { session: this.#session, poll })))
			.ok;
	}

	async remove(poll: string): Promise<boolean> {
		const result = await this.#ask(
			this.#realtime.request('poll:delete', { session: this.#session, poll })
		);
		if (result.ok) this.polls = this.polls.filter((v) => v.poll.id !== poll);
		return result.ok;
	}

	/** Moderator: put a view on stage, or clear it with null. */
	async show(view: StageView | null): Promise<boolean> {
		const result = await this.#ask(
			this.#realtime.request('stage:show', { session: this.#session, view })
		);
		if (result.ok) this.#stage = result.content;
		return result.ok;
	}
}
