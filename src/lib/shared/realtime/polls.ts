import { z } from 'zod';
import {
	PollAnswerSchema,
	PollDraftSchema,
	PollId,
	PollSchema,
	PollViewSchema,
	TallySchema
} from '../polls/schema.ts';
import { Empty, SessionId } from './common.ts';

const PollRef = z.object({ session: SessionId, poll: PollId }).strict();

/** Polls: any session may have them (docs/polls.md). */
export const pollClientEvents = {
	/**
	 * Follow the session's polls (or resync): each as I may see it, with my own answer.
	 * Moderators also get the drafts.
	 */
	'poll:join': {
		request: z.object({ session: SessionId }).strict(),
		response: z.object({ polls: z.array(PollViewSchema) })
	},
	'poll:leave': {
		request: z.object({ session: SessionId }).strict(),
		response: Empty
	},
	/** Moderator: prepare a poll, or (`open`) ask it at once. */
	'poll:create': {
		request: z
			.object({ session: SessionId, draft: PollDraftSchema, open: z.boolean().default(false) })
			.strict(),
		response: z.object({ poll: PollSchema })
	},
	/** Moderator: change a poll that nobody has seen yet. */
	'poll:edit': {
		request: z.object({ session: SessionId, poll: PollId, draft: PollDraftSchema }).strict(),
		response: z.object({ poll: PollSchema })
	},
	/** Moderator: delete a draft or a closed poll (an open one is closed first). */
	'poll:delete': { request: PollRef, response: Empty },
	'poll:open': { request: PollRef, response: z.object({ poll: PollSchema }) },
	'poll:close': { request: PollRef, response: z.object({ poll: PollSchema }) },
	/** My answer; a second one replaces the first while the poll is open. */
	'poll:answer': {
		request: z.object({ session: SessionId, poll: PollId, answer: PollAnswerSchema }).strict(),
		response: z.object({ version: z.number().int().positive() })
	}
} as const;

export const pollServerEvents = {
	/** A poll was made, opened, closed or changed (drafts only reach moderators). */
	'poll:changed': z.object({ session: SessionId, poll: PollSchema }).strict(),
	'poll:removed': z.object({ session: SessionId, poll: PollId }).strict(),
	/** The count after new answers, at most a few times a second; keep the highest version. */
	'poll:tally': z.object({ session: SessionId, tally: TallySchema }).strict()
} as const;

/** Everyone following a session's polls; moderators also join the second room. */
export const pollRoom = (session: string) => `polls:${session}`;
export const pollModeratorRoom = (session: string) => `polls-mod:${session}`;
