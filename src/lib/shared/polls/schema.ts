import { z } from 'zod';

/**
 * Polls: a moderator asks a question with a few choices; everyone in the room answers once (and
 * may change their answer until the poll closes). docs/polls.md.
 */

export const POLL_OPTIONS_MAX = 10;
export const POLL_OTHER_MAX_LENGTH = 200;
export const PollId = z.uuid();
/** A choice's id: its place in the list when the poll was made ("o1", "o2", ...). */
export const OptionId = z.string().regex(/^o\d{1,2}$/);

export const pollStatuses = ['draft', 'open', 'closed'] as const;
export const PollStatusSchema = z.enum(pollStatuses);
export type PollStatus = z.infer<typeof PollStatusSchema>;

/** What a moderator writes: the question, its choices and the poll's rules. */
export const PollDraftSchema = z
	.object({
		question: z.string().trim().min(1).max(300),
		options: z
			.array(z.string().trim().min(1).max(200))
			.min(2)
			.max(POLL_OPTIONS_MAX)
			.refine(
				(labels) => new Set(labels.map((l) => l.toLocaleLowerCase())).size === labels.length,
				'every choice must differ from the others'
			),
		/** More than one choice per person. */
		multiple: z.boolean().default(false),
		/** An "other" choice with a short text of one's own. */
		other: z.boolean().default(false),
		/** Nobody, moderators included, sees who answered what. */
		anonymous: z.boolean().default(true),
		/** `live`: everyone sees the tally as it grows; `closed`: only once the poll closes. */
		results: z.enum(['live', 'closed']).default('live')
	})
	.strict()
	.meta({ id: 'PollDraft' });
export type PollDraft = z.infer<typeof PollDraftSchema>;

export const PollSchema = z
	.object({
		id: PollId,
		session: z.string(),
		question: z.string(),
		options: z.array(z.object({ id: OptionId, label: z.string() }).strict()),
		multiple: z.boolean(),
		other: z.boolean(),
		anonymous: z.boolean(),
		results: z.enum(['live', 'closed']),
		status: PollStatusSchema,
		/** A moderator showed it on stage: its tally is then everyone's, also while open. */
		revealed: z.boolean(),
		createdAt: z.number(),
		openedAt: z.number().optional(),
		closedAt: z.number().optional()
	})
	.strict()
	.meta({ id: 'Poll' });
export type Poll = z.infer<typeof PollSchema>;

/** One person's answer: their choices, and their own words when they chose "other". */
export const PollAnswerSchema = z
	.object({
		choices: z.array(OptionId).max(POLL_OPTIONS_MAX),
		other: z.string().trim().min(1).max(POLL_OTHER_MAX_LENGTH).optional()
	})
	.strict()
	.refine((a) => a.choices.length > 0 || a.other !== undefined, 'choose at least one answer')
	.refine((a) => new Set(a.choices).size === a.choices.length, 'each choice once')
	.meta({ id: 'PollAnswer' });
export type PollAnswer = z.infer<typeof PollAnswerSchema>;

/**
 * The count of a poll at one version. `counts` is absent for people who may not see the results
 * yet (they see how many answered); `others` (the texts of "other") only go to moderators.
 */
export const TallySchema = z
	.object({
		poll: PollId,
		/** Grows with every answer; a client keeps the highest it has seen. */
		version: z.number().int().min(0),
		/** People who answered. */
		voters: z.number().int().min(0),
		counts: z.record(OptionId, z.number().int().min(0)).optional(),
		/** How many chose "other". */
		other: z.number().int().min(0).optional(),
		others: z.array(z.string()).optional()
	})
	.strict()
	.meta({ id: 'PollTally' });
export type Tally = z.infer<typeof TallySchema>;

/** A poll as one person sees it: the poll, its tally for them, and their own answer. */
export const PollViewSchema = z
	.object({ poll: PollSchema, tally: TallySchema, mine: PollAnswerSchema.optional() })
	.strict()
	.meta({ id: 'PollView' });
export type PollView = z.infer<typeof PollViewSchema>;
