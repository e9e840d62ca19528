import { z } from 'zod';
import { BoardSettingsSchema } from './board/schema.ts';
import { SlugSchema as Slug } from './slug.ts';

/** The languages the UI speaks; the first is the default. */
export const locales = ['nl', 'en'] as const;
export const LocaleSchema = z.enum(locales);
export type Locale = z.infer<typeof LocaleSchema>;

/** An instant as the event file (and schedule.json) writes it: ISO 8601 with an offset. */
export const InstantSchema = z.iso.datetime({
	offset: true,
	message: 'use an ISO 8601 date-time with an offset, e.g. 2022-01-17T16:00:00+01:00'
});

/** An IANA time zone this runtime knows. */
export const TimeZoneSchema = z
	.string()
	.max(100)
	.refine((tz) => {
		try {
			new Intl.DateTimeFormat('en', { timeZone: tz });
			return true;
		} catch {
			return false;
		}
	}, 'unknown IANA time zone');

/** Text in the event's own language, optionally translated. */
export const LocalizedTextSchema = z.union([
	z.string().min(1),
	z
		.object({ nl: z.string().min(1).optional(), en: z.string().min(1).optional() })
		.strict()
		.refine((t) => t.nl !== undefined || t.en !== undefined, 'give at least one language')
]);
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;

export const sessionKinds = ['plenary', 'livecast', 'breakout', 'brainstorm'] as const;
export const SessionKindSchema = z.enum(sessionKinds);
export type SessionKind = z.infer<typeof SessionKindSchema>;

/** Plenaries and livecasts: a stage that an audience watches. Breakouts and brainstorms: everyone
 * takes part. */
export const isBroadcast = (kind: SessionKind): boolean =>
	kind === 'plenary' || kind === 'livecast';

export const PersonSchema = z
	.object({
		name: z.string().min(1).max(120),
		role: LocalizedTextSchema.optional(),
		organisation: z.string().max(120).optional()
	})
	.strict();

export const ResourceSchema = z
	.object({
		title: LocalizedTextSchema,
		url: z.url({ protocol: /^https?$/ })
	})
	.strict();

export const RoomSchema = z
	.object({
		id: Slug,
		name: LocalizedTextSchema
	})
	.strict();

export const RoundSchema = z
	.object({
		id: Slug,
		title: LocalizedTextSchema,
		start: InstantSchema,
		end: InstantSchema,
		/** Whether attendees choose one session of this round in advance. */
		signup: z.boolean().default(false)
	})
	.strict();

export const SessionSchema = z
	.object({
		id: Slug,
		kind: SessionKindSchema,
		title: LocalizedTextSchema,
		description: LocalizedTextSchema,
		start: InstantSchema,
		end: InstantSchema,
		room: Slug,
		round: Slug.optional(),
		capacity: z.number().int().positive().optional(),
		hosts: z.array(PersonSchema).default([]),
		speakers: z.array(PersonSchema).default([]),
		resources: z.array(ResourceSchema).default([]),
		record: z.boolean().default(false),
		/**
		 * A brainstorm's board as it starts (its questions and rules; the rest from the defaults).
		 * Read when the board is first made; the moderator changes it in the room from then on.
		 */
		board: BoardSettingsSchema.partial().optional()
	})
	.strict();

export const accessModes = ['open', 'registered', 'invite'] as const;

export const EventInfoSchema = z
	.object({
		slug: Slug,
		title: LocalizedTextSchema,
		subtitle: LocalizedTextSchema.optional(),
		description: LocalizedTextSchema,
		timezone: TimeZoneSchema,
		start: InstantSchema,
		end: InstantSchema,
		languages: z.array(LocaleSchema).min(1),
		access: z.enum(accessModes).default('registered'),
		organiser: z.string().min(1).optional()
	})
	.strict();

const ms = (iso: string) => Date.parse(iso);

export const EventFileSchema = z
	.object({
		event: EventInfoSchema,
		rooms: z.array(RoomSchema).min(1),
		rounds: z.array(RoundSchema).default([]),
		/** Empty on a new instance, before the organiser builds the programme. */
		sessions: z.array(SessionSchema)
	})
	.strict()
	.superRefine((file, ctx) => {
		const issue = (path: (string | number)[], message: string) =>
			ctx.addIssue({ code: 'custom', path, message });

		if (ms(file.event.end) <= ms(file.event.start)) issue(['event', 'end'], 'must be after start');
		duplicates(file.rooms.map((r) => r.id)).forEach((i) =>
			issue(['rooms', i, 'id'], 'duplicate id')
		);
		duplicates(file.rounds.map((r) => r.id)).forEach((i) =>
			issue(['rounds', i, 'id'], 'duplicate id')
		);
		duplicates(file.sessions.map((s) => s.id)).forEach((i) =>
			issue(['sessions', i, 'id'], 'duplicate id')
		);

		file.rounds.forEach((round, i) => {
			if (ms(round.end) <= ms(round.start)) issue(['rounds', i, 'end'], 'must be after start');
		});

		const roomIds = new Set(file.rooms.map((r) => r.id));
		const rounds = new Map(file.rounds.map((r) => [r.id, r]));
		file.sessions.forEach((session, i) => {
			const at = (key: string) => ['sessions', i, key];
			if (ms(session.end) <= ms(session.start)) issue(at('end'), 'must be after start');
			if (ms(session.start) < ms(file.event.start) || ms(session.end) > ms(file.event.end))
				issue(at('start'), 'session must lie within the event');
			if (!roomIds.has(session.room)) issue(at('room'), `unknown room "${session.room}"`);
			if (session.round !== undefined) {
				const round = rounds.get(session.round);
				if (!round) issue(at('round'), `unknown round "${session.round}"`);
				else if (ms(session.start) < ms(round.start) || ms(session.end) > ms(round.end))
					issue(at('start'), `session must lie within round "${round.id}"`);
			}
			if (!isBroadcast(session.kind) && !session.capacity)
				issue(at('capacity'), `a ${session.kind} needs a capacity`);
			if (session.board && session.kind !== 'brainstorm')
				issue(at('board'), 'only a brainstorm has a board');
		});
	});

export type EventFile = z.infer<typeof EventFileSchema>;
export type Room = EventFile['rooms'][number];
export type Round = EventFile['rounds'][number];
export type Session = EventFile['sessions'][number];

function duplicates(ids: string[]): number[] {
	const seen = new Set<string>();
	return ids.flatMap((id, i) => (seen.has(id) ? [i] : (seen.add(id), [])));
}
