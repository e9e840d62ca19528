import { z } from 'zod';
import { BoardOpSchema, BoardSchema, BoardSelfSchema, CommittedOpSchema } from '../board/schema.ts';
import { Empty, SessionId } from './common.ts';

/** Brainstorm boards: one per brainstorm session (docs/boards.md). */
export const boardClientEvents = {
	/**
	 * Open the board (or resync it): the whole board as I may see it, who I am on it, and its
	 * operations from now on. Also the answer for a client that missed an operation.
	 */
	'board:join': {
		request: z.object({ session: SessionId }).strict(),
		response: z.object({ board: BoardSchema, self: BoardSelfSchema })
	},
	/** I closed the board. */
	'board:leave': {
		request: z.object({ session: SessionId }).strict(),
		response: Empty
	},
	/** One operation; the ack carries the version it got (also when it was applied before). */
	'board:op': {
		request: z.object({ session: SessionId, op: BoardOpSchema }).strict(),
		response: z.object({ version: z.number().int().positive(), duplicate: z.boolean() })
	},
	/** I am typing a note (sent at most every few seconds). */
	'board:typing': {
		request: z.object({ session: SessionId }).strict(),
		response: Empty
	}
} as const;

export const boardServerEvents = {
	/** An operation in the server's order; clients apply versions one after another. */
	'board:op': z.object({ session: SessionId, op: CommittedOpSchema }).strict(),
	/** Who has the board open (display names, each once). */
	'board:presence': z.object({ session: SessionId, people: z.array(z.string()) }).strict(),
	/** Someone is typing a note; `name` only on boards that are not anonymous. */
	'board:typing': z
		.object({ session: SessionId, key: z.string(), name: z.string().optional() })
		.strict()
} as const;

export const boardRoom = (session: string) => `board:${session}`;
