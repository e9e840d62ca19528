import { z } from 'zod';
import { PollId, PollSchema, TallySchema } from '../polls/schema.ts';
import { SessionId } from './common.ts';

/** What a moderator puts on a room's stage beside the video, for everyone in the room. */
export const StageViewSchema = z
	.discriminatedUnion('kind', [
		z.object({ kind: z.literal('poll'), poll: PollId }).strict(),
		/** A finished brainstorm's results; `step` is the group (or note) in focus, from 0. */
		z
			.object({ kind: z.literal('brainstorm'), board: SessionId, step: z.number().int().min(0) })
			.strict()
	])
	.meta({ id: 'StageView' });
export type StageView = z.infer<typeof StageViewSchema>;

/** At most this many groups (or notes) of a brainstorm go on stage. */
export const STAGE_RESULTS_TOP = 5;

export const StageResultSchema = z
	.object({
		rank: z.number().int().min(1),
		/** A group's name, or a note's text when the board has no groups. */
		title: z.string(),
		votes: z.number().int().min(0),
		notes: z.array(z.object({ text: z.string(), votes: z.number().int().min(0) }).strict())
	})
	.strict();

/** What everyone sees on stage: the view with its content. */
export const StageContentSchema = z
	.discriminatedUnion('kind', [
		z.object({ kind: z.literal('poll'), poll: PollSchema, tally: TallySchema }).strict(),
		z
			.object({
				kind: z.literal('brainstorm'),
				board: SessionId,
				step: z.number().int().min(0),
				voters: z.number().int().min(0),
				results: z.array(StageResultSchema).max(STAGE_RESULTS_TOP)
			})
			.strict()
	])
	.meta({ id: 'StageContent' });
export type StageContent = z.infer<typeof StageContentSchema>;

export const stageClientEvents = {
	/** Moderator: show a poll's or a brainstorm's result on stage, or (`null`) clear the stage. */
	'stage:show': {
		request: z.object({ session: SessionId, view: StageViewSchema.nullable() }).strict(),
		response: z.object({ content: StageContentSchema.nullable() })
	},
	/** What is on the stage of a room I entered ('room:enter'). */
	'stage:current': {
		request: z.object({ session: SessionId }).strict(),
		response: z.object({ content: StageContentSchema.nullable() })
	}
} as const;

export const stageServerEvents = {
	/** The stage changed: to everyone on the room's page. */
	'stage:changed': z.object({ session: SessionId, content: StageContentSchema.nullable() }).strict()
} as const;
