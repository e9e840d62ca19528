import { compareStreamIds } from '../shared/chat/stream-ids.ts';
import type { RealtimeTransport } from '../shared/realtime/transport.ts';
import { applyChange, messageOf } from '../shared/chat/lines.ts';
import type { ChatChange, ChatMessage } from '../shared/realtime/chat.ts';
import { memoryOutbox, RESEND_MS, type Outbox } from '../shared/realtime/outbox.ts';
import { z } from 'zod';
import { ErrorCode } from '../shared/realtime/errors.ts';

export const PendingMessageSchema = z.object({
	id: z.string(),
	kind: z.enum(['message', 'question']),
	text: z.string(),
	/** Set when the server stored it: it is not sent again, and leaves when its line arrives. */
	streamId: z.string().optional(),
	/** Set when the server refused it for good (muted, too long, …); it is then not resent. */
	error: z.string().optional(),
	code: ErrorCode.optional()
});
export type PendingMessage = z.infer<typeof PendingMessageSchema>;

/**
 * One chat room as a client sees it, without any UI: history on entry, live messages,
 * everything missed after a reconnect, and an outbox that resends what was not acknowledged.
 * Messages are keyed by their id, so whatever arrives twice is shown once.
 */
export class ChatSync {
	readonly messages = new Map<string, ChatMessage>();
	pending: PendingMessage[];
	/** The reader's own author key in this room (absent when not signed in). */
	you: string | undefined;
	pinned: string | undefined;
	slowModeSeconds = 0;
	hasMore = false;
	joined = false;
	/** Why the room could not be joined. */
	error: ErrorCode | undefined;
	readonly room: string;
	#lastStreamId: string | undefined;
	#flushing = false;
	#retry: ReturnType<typeof setTimeout> | undefined;
	readonly #offs: (() => void)[] = [];
	readonly #transport: RealtimeTransport;
	readonly #storage: Outbox<PendingMessage>;
	readonly #onChange: () => void;

	constructor(
		room: string,
		transport: RealtimeTransport,
		storage: Outbox<PendingMessage> = memoryOutbox(),
		onChange: () => void = () => {}
	) {
		this.room = room;
		this.#transport = transport;
		this.#storage = storage;
		this.#onChange = onChange;
		this.pending = storage.load(room);
	}

	/** Starts following the room; returns the stop function. */
	start(): () => void {
		this.#offs.push(
			this.#transport.on('chat:lines', ([room, ...lines]) => {
				if (room !== this.room) return;
				// A line repeats what the history read may have brought already (join, then read).
				for (const line of lines)
					if (!this.messages.has(line[0])) this.#upsert(messageOf(room, line), false);
				this.#onChange();
			}),
			this.#transport.on(
				'chat:changed',
				(change) => change.room === this.room && this.apply(change)
			),
			this.#transport.on('chat:pinned', (p) => {
				if (p.room !== this.room) return;
				this.pinned = p.messageId ?? undefined;
				this.#onChange();
			}),
			this.#transport.on('chat:settings', (p) => {
				if (p.room !== this.room) return;
				this.slowModeSeconds = p.slowModeSeconds;
				this.#onChange();
			}),
			this.#transport.onConnect(() => void this.sync())
		);
		return () => {
			clearTimeout(this.#retry);
			this.#offs.splice(0).forEach((off) => off());
			void this.#transport.request('chat:leave', { room: this.room });
		};
	}

	/** Joins (again), fills in what was missed, then resends the outbox. */
	async sync(): Promise<void> {
		const seenUpTo = this.#lastStreamId;
		const joined = await this.#transport.request('chat:join', { room: this.room });
		if (!joined.ok) {
			this.error = joined.code;
			this.#onChange();
			return;
		}
		this.joined = true;
		this.error = undefined;
		this.you = joined.you;
		this.pinned = joined.pinned;
		this.slowModeSeconds = joined.slowModeSeconds;
		if (this.#lastStreamId === undefined) this.hasMore = joined.hasMore;
		[...joined.messages, ...joined.questions].forEach((m) => this.#upsert(m, false));
		// The newest page may not reach back to what we saw last: ask for everything after it.
		let after = seenUpTo;
		while (after) {
			const missed = await this.#transport.request('chat:since', { room: this.room, after });
			if (!missed.ok) break;
			missed.messages.forEach((m) => this.#upsert(m, false));
			after = missed.complete ? undefined : missed.messages.at(-1)?.streamId;
		}
		// What the server had stored is in the history now, or older than it reaches.
		this.#settle(this.pending.filter((p) => p.streamId).map((p) => p.id));
		this.#onChange();
		await this.flush();
	}

	send(text: string, kind: PendingMessage['kind'] = 'message'): string {
		const id = crypto.randomUUID();
		this.pending = [...this.pending, { id, kind, text }];
		this.#save();
		this.#onChange();
		void this.flush();
		return id;
	}

	/** Drops a message the server refused for good. */
	discard(id: string): void {
		this.pending = this.pending.filter((p) => p.id !== id);
		this.#save();
		this.#onChange();
	}

	async flush(): Promise<void> {
		if (this.#flushing || !this.joined) return;
		this.#flushing = true;
		try {
			// Re-read the outbox each time: messages typed while one is on its way join the queue.
			let item: PendingMessage | undefined;
			while ((item = this.pending.find((p) => !p.error && !p.streamId))) {
				const { id, kind, text } = item;
				const result = await this.#transport.request('chat:send', {
					room: this.room,
					id,
					kind,
					text
				});
				if (result.ok) {
					// Its line may have come first; otherwise it shows as sent until the line comes.
					const { streamId } = result;
					this.pending = this.messages.has(id)
						? this.pending.filter((p) => p.id !== id)
						: this.pending.map((p) => (p.id === id ? { ...p, streamId } : p));
				} else if (result.retry) {
					clearTimeout(this.#retry);
					this.#retry = setTimeout(() => void this.flush(), RESEND_MS);
					break;
				} else
					this.pending = this.pending.map((p) =>
						p.id === id ? { ...p, error: result.error, code: result.code } : p
					);
				this.#save();
				this.#onChange();
			}
		} finally {
			this.#flushing = false;
		}
	}

	async loadOlder(): Promise<void> {
		const oldest = this.sorted()[0];
		if (!oldest) return;
		const page = await this.#transport.request('chat:history', {
			room: this.room,
			before: oldest.streamId,
			limit: 50
		});
		if (!page.ok) return;
		page.messages.forEach((m) => this.#upsert(m, false));
		this.hasMore = page.hasMore;
		this.#onChange();
	}

	/** Applies a change to a message this reader has (others are not shown anyway). */
	apply(change: Omit<ChatChange, 'room'> & Pick<ChatMessage, 'voted'>): void {
		const message = this.messages.get(change.id);
		if (!message) return;
		const changed = applyChange(message, { ...change, room: this.room });
		this.messages.set(change.id, change.voted ? { ...changed, voted: true } : changed);
		this.#onChange();
	}

	sorted(): ChatMessage[] {
		return [...this.messages.values()].sort((a, b) => compareStreamIds(a.streamId, b.streamId));
	}

	/** The outbox keeps what the server has not stored: that is all a reload must resend. */
	#save(): void {
		this.#storage.save(
			this.room,
			this.pending.filter((p) => !p.streamId)
		);
	}

	#settle(ids: string[]): void {
		if (!ids.length) return;
		this.pending = this.pending.filter((p) => !ids.includes(p.id));
		this.#save();
	}

	#upsert(message: ChatMessage, notify = true): void {
		this.messages.set(message.id, message);
		if (this.pending.some((p) => p.id === message.id)) this.#settle([message.id]);
		if (
			this.#lastStreamId === undefined ||
			compareStreamIds(message.streamId, this.#lastStreamId) > 0
		)
			this.#lastStreamId = message.streamId;
		if (notify) this.#onChange();
	}
}
