import { z } from 'zod';

/**
 * The brainstorm board's data: settings, notes, groups, votes, and the operations that change
 * them. Shared by the server (which validates and orders every operation), the browser (which
 * applies its own operations at once and the server's in order) and the tests.
 */

export const phases = ['prepare', 'collect', 'group', 'vote', 'results'] as const;
export const PhaseSchema = z.enum(phases);
export type Phase = z.infer<typeof PhaseSchema>;

/** Phases with a timer; prepare and results have none. */
export const timedPhases = ['collect', 'group', 'vote'] as const;

export const LIMITS = {
	noteText: 280,
	groupName: 60,
	question: 300,
	questions: 5,
	notesPerBoard: 500,
	notesPerPerson: 40,
	groups: 60,
	votesPerPerson: 20,
	minutes: 60
} as const;

/** Client-generated ids of notes, groups and operations. */
export const ItemId = z
	.string()
	.regex(/^[A-Za-z0-9_-]{6,64}$/, 'use 6 to 64 letters, digits, - or _');

const Text = (max: number) => z.string().trim().min(1).max(max);
const Minutes = z.number().int().min(1).max(LIMITS.minutes);

export const BoardSettingsSchema = z
	.object({
		/** The moderator's question(s); a note answers one of them. */
		questions: z.array(Text(LIMITS.question)).min(1).max(LIMITS.questions),
		/** Notes show no author name. */
		anonymous: z.boolean(),
		/** Others' notes are visible while collecting (otherwise hidden until the group phase). */
		notesVisible: z.boolean(),
		/** Who groups notes in the group phase. */
		grouping: z.enum(['moderator', 'everyone']),
		votesPerPerson: z.number().int().min(1).max(LIMITS.votesPerPerson),
		/** Several dots of one person on the same note. */
		multipleVotesPerNote: z.boolean(),
		minutes: z.object({ collect: Minutes, group: Minutes, vote: Minutes }).strict()
	})
	.strict();
export type BoardSettings = z.infer<typeof BoardSettingsSchema>;

export const NoteSchema = z
	.object({
		id: ItemId,
		/** The author's pseudonym on this board (never their account id). */
		author: z.string(),
		/** Only on boards that are not anonymous. */
		authorName: z.string().optional(),
		/** Empty for someone else's note that is still hidden. */
		text: z.string(),
		/** Hidden from everyone but its author until the reveal. */
		hidden: z.boolean(),
		question: z.number().int().min(0),
		group: ItemId.nullable(),
		createdAt: z.number()
	})
	.strict();
export type Note = z.infer<typeof NoteSchema>;

export const GroupSchema = z
	.object({ id: ItemId, name: z.string(), createdAt: z.number() })
	.strict();

export const BoardSchema = z
	.object({
		session: z.string(),
		/** The number of operations applied; every operation adds one. */
		version: z.number().int().min(0),
		phase: PhaseSchema,
		/** Server clock (ms) when the current phase began, and when its timer runs out. */
		phaseStartedAt: z.number().nullable(),
		phaseEndsAt: z.number().nullable(),
		/** Notes were revealed (the board left collect once): new notes are visible at once. */
		revealed: z.boolean(),
		settings: BoardSettingsSchema,
		notes: z.array(NoteSchema),
		groups: z.array(GroupSchema),
		/** note id → voter pseudonym → dots. */
		votes: z.record(z.string(), z.record(z.string(), z.number().int().positive()))
	})
	.strict();
export type Board = z.infer<typeof BoardSchema>;

/** What a client asks; every operation carries its own id (idempotency). */
export const BoardOpSchema = z.discriminatedUnion('type', [
	z.object({ id: ItemId, type: z.literal('settings'), settings: BoardSettingsSchema }).strict(),
	z.object({ id: ItemId, type: z.literal('phase'), to: PhaseSchema }).strict(),
	z
		.object({ id: ItemId, type: z.literal('timer'), addMinutes: z.number().int().min(1).max(30) })
		.strict(),
	z
		.object({
			id: ItemId,
			type: z.literal('add-note'),
			note: ItemId,
			text: Text(LIMITS.noteText),
			question: z
				.number()
				.int()
				.min(0)
				.max(LIMITS.questions - 1)
		})
		.strict(),
	z
		.object({ id: ItemId, type: z.literal('edit-note'), note: ItemId, text: Text(LIMITS.noteText) })
		.strict(),
	z.object({ id: ItemId, type: z.literal('delete-note'), note: ItemId }).strict(),
	z
		.object({
			id: ItemId,
			type: z.literal('add-group'),
			group: ItemId,
			name: Text(LIMITS.groupName)
		})
		.strict(),
	z
		.object({
			id: ItemId,
			type: z.literal('rename-group'),
			group: ItemId,
			name: Text(LIMITS.groupName)
		})
		.strict(),
	z.object({ id: ItemId, type: z.literal('delete-group'), group: ItemId }).strict(),
	z
		.object({ id: ItemId, type: z.literal('move-note'), note: ItemId, group: ItemId.nullable() })
		.strict(),
	z
		.object({
			id: ItemId,
			type: z.literal('vote'),
			note: ItemId,
			delta: z.union([z.literal(1), z.literal(-1)])
		})
		.strict()
]);
export type BoardOp = z.infer<typeof BoardOpSchema>;
export type BoardOpType = BoardOp['type'];
/** An operation before it gets its id. */
export type NewOp = BoardOp extends infer T ? (T extends BoardOp ? Omit<T, 'id'> : never) : never;

/**
 * An operation as the server ordered it: the request plus what only the server knows. Every
 * client applies these in version order and reaches the same board.
 */
export const CommittedOpSchema = z
	.object({
		version: z.number().int().positive(),
		/** Server clock (ms) when it was applied. */
		at: z.number(),
		/** Pseudonym of who did it: the voter pseudonym for votes, the author pseudonym otherwise. */
		by: z.string(),
		op: BoardOpSchema,
		/** add-note on a board that is not anonymous. */
		authorName: z.string().optional(),
		/** add-note/edit-note: the note is hidden from others (their copy carries no text). */
		hidden: z.boolean().optional(),
		/** The texts of hidden notes, when this operation reveals them. */
		reveal: z.array(z.object({ id: ItemId, text: z.string() }).strict()).optional()
	})
	.strict();
export type CommittedOp = z.infer<typeof CommittedOpSchema>;

/** Who someone is on one board: pseudonyms, not account ids. */
export const BoardSelfSchema = z
	.object({
		author: z.string(),
		voter: z.string(),
		name: z.string(),
		moderator: z.boolean()
	})
	.strict();
export type BoardSelf = z.infer<typeof BoardSelfSchema>;
