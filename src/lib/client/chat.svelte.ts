import { ChatSync, PendingMessageSchema, type PendingMessage } from './chat-sync';
import { localOutbox } from './local-outbox';
import type { Outbox } from '$lib/shared/realtime/outbox';
import type { RealtimeTransport } from '$lib/shared/realtime/transport';
import type { ChatMessage } from '$lib/shared/realtime/chat';
import type { ErrorCode } from '$lib/shared/realtime/errors';

/**
 * The outbox survives a reload: what someone typed is sent once they are back. It belongs to one
 * person on this browser (`plenair:outbox:<person>:<room>`), so whoever signs in next on the same
 * browser never sends what the previous person left unsent.
 */
export function chatOutbox(person: string): Outbox<PendingMessage> {
	return localOutbox(`plenair:outbox:${person}:`, PendingMessageSchema);
}

/** A session's chat and questions for the UI: ChatSync's state as Svelte state. */
export class ChatRoomState {
	messages = $state<ChatMessage[]>([]);
	questions = $state<ChatMessage[]>([]);
	pending = $state<PendingMessage[]>([]);
	pinned = $state<ChatMessage>();
	slowModeSeconds = $state(0);
	hasMore = $state(false);
	error = $state<ErrorCode>();
	/** The reader's own author key in this room: their own questions get no upvote button. */
	you = $state<string>();
	readonly sync: ChatSync;
	readonly room: string;
	readonly #realtime: RealtimeTransport;

	constructor(
		room: string,
		realtime: RealtimeTransport,
		/** Whose outbox: the signed-in person's id (anonymous visitors cannot write). */
		person: string,
		outbox: Outbox<PendingMessage> = chatOutbox(person)
	) {
		this.room = room;
		this.#realtime = realtime;
		this.sync = new ChatSync(room, realtime, outbox, () => this.#refresh());
		// What this person left unsent shows at once, before the room is joined.
		this.pending = this.sync.pending;
	}

	start(): () => void {
		return this.sync.start();
	}

	send(text: string, kind: 'message' | 'question' = 'message'): void {
		this.sync.send(text, kind);
	}

	/** Upvotes a question once; the count shown is the server's. */
	async upvote(id: string): Promise<void> {
		const result = await this.#realtime.request('qa:upvote', { room: this.room, messageId: id });
		if (result.ok) this.sync.apply({ id, votes: result.votes, voted: true });
	}

	#refresh(): void {
		const all = this.sync.sorted();
		this.messages = all.filter((m) => m.kind === 'message');
		this.questions = all.filter((m) => m.kind === 'question');
		this.you = this.sync.you;
		this.pending = this.sync.pending;
		this.pinned = this.sync.pinned ? this.sync.messages.get(this.sync.pinned) : undefined;
		this.slowModeSeconds = this.sync.slowModeSeconds;
		this.hasMore = this.sync.hasMore;
		this.error = this.sync.error;
	}
}
