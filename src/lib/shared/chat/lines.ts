import type { ChatChange, ChatLine, ChatMessage } from '../realtime/chat.ts';

/** A freshly stored message in its broadcast form. */
export function lineOf(message: ChatMessage): ChatLine {
	const { id, streamId, author, name, text, at, kind, role } = message;
	const extra = { ...(kind === 'question' && { question: true as const }), ...(role && { role }) };
	return Object.keys(extra).length
		? [id, streamId, author, name, text, at, extra]
		: [id, streamId, author, name, text, at];
}

/** A broadcast line as the message it stands for: a new one, with the defaults of a new one. */
export function messageOf(room: string, line: ChatLine): ChatMessage {
	const [id, streamId, author, name, text, at, extra] = line;
	return {
		id,
		streamId,
		room,
		kind: extra?.question ? 'question' : 'message',
		author,
		name,
		text,
		at,
		...(extra?.role && { role: extra.role }),
		deleted: false,
		votes: 0,
		state: 'open',
		authorDeleted: false
	};
}

/** A message with a change applied; a deleted message loses its text. */
export function applyChange(message: ChatMessage, change: ChatChange): ChatMessage {
	return {
		...message,
		...(change.deleted && { deleted: true, text: '' }),
		...(change.votes !== undefined && { votes: change.votes }),
		...(change.state && { state: change.state })
	};
}
