import type { ChatMessage } from '../../src/lib/shared/realtime/chat.ts';

/** A stored chat message as the server sends it in a history; override what a test is about. */
export function chatMessage(overrides: Partial<ChatMessage> & { id: string }): ChatMessage {
	return {
		streamId: '1642436400000-0',
		room: 'breakout-1',
		kind: 'message',
		author: 'annaAuthor1',
		name: 'Anna',
		text: 'Hallo allemaal',
		at: Date.parse('2022-01-17T17:20:00Z'),
		deleted: false,
		votes: 0,
		state: 'open',
		authorDeleted: false,
		...overrides
	};
}
