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
		const stop = this.sync.start();
		const offQuestions = this.#realtime.onConnect(() => void this.loadQuestions());
		return () => {
			offQuestions();
			stop();
		};
	}

	send(text: string, kind: 'message' | 'question' = 'message'): void {
		this.sync.send(text, kind);
	}

	async loadQuestions(): Promise<void> {
		const result = await this.#realtime.request('qa:list', { room: this.room });
		if (result.ok) this.questions = result.questions;
	}

	#refresh(): void {
		const all = this.sync.sorted();
		this.messages = all.filter((m) => m.kind === 'message');
		// Keep the person's own "voted" marks when a question is updated by someone else's vote.
		const voted = this.questions.filter((q) => q.voted).map((q) => q.id);
		this.questions = all
			.filter((m) => m.kind === 'question')
			.map((q) => ({ ...q, voted: q.voted ?? voted.includes(q.id) }));
		this.pending = this.sync.pending;
		this.pinned = this.sync.pinned ? this.sync.messages.get(this.sync.pinned) : undefined;
		this.slowModeSeconds = this.sync.slowModeSeconds;
		this.hasMore = this.sync.hasMore;
		this.error = this.sync.error;
	}
}
