import { z } from 'zod';
import {
	accessModes,
	InstantSchema as Instant,
	LocaleSchema,
	TimeZoneSchema as TimeZone
} from '../../shared/event-schema.ts';
import { slugSchema } from '../../shared/slug.ts';

/*
 * The frab / c3voc schedule.json (https://c3voc.de/schedule/schema.json) as pretalx and frab
 * export it. Parsing is lenient where producers differ (nulls, missing optional fields, unknown
 * fields are dropped) and strict where Plenair relies on a value. The size limits refuse hostile
 * files before they cost memory or time.
 */

const Short = z.string().max(1_000);
const Long = z.string().max(100_000);
const LocalDate = z.iso.date({ message: 'use a date like 2022-01-17' });
const Clock = z.string().regex(/^\d{1,2}:\d{2}(:\d{2})?$/, 'use HH:MM');
const Duration = z.string().superRefine((d, ctx) => {
	if (!/^\d{1,3}:[0-5]\d(:[0-5]\d)?$/.test(d))
		ctx.addIssue({ code: 'custom', message: 'use HH:MM' });
	else if (!/[1-9]/.test(d)) ctx.addIssue({ code: 'custom', message: 'must be longer than zero' });
});
const WebUrl = z.url({ protocol: /^https?$/, message: 'use an http or https URL' }).max(2_000);

/** A frab person ({ id, public_name }) or a pretalx one ({ code, name }). */
const SchedulePersonSchema = z
	.object({
		name: Short.optional(),
		public_name: Short.optional()
	})
	.refine((p) => Boolean(p.name?.trim() || p.public_name?.trim()), 'a person needs a name');

/** A link is an object with a URL (pretalx) or, in older files, the bare URL. */
const ScheduleLinkSchema = z.preprocess(
	(link) => (typeof link === 'string' ? { url: link } : link),
	z.object({ url: WebUrl, title: Short.nullish() })
);

const ScheduleEventSchema = z.object({
	guid: Short.optional(),
	id: z.number().int().optional(),
	date: Instant,
	start: Clock.optional(),
	duration: Duration,
	room: Short.min(1),
	slug: Short.optional(),
	url: Short.nullish(),
	title: Short.refine((t) => t.trim().length > 0, 'a title is required'),
	subtitle: Short.nullish(),
	track: Short.nullish(),
	type: Short.nullish(),
	language: Short.nullish(),
	abstract: Long.nullish(),
	description: Long.nullish(),
	recording_license: Short.nullish(),
	do_not_record: z.boolean().nullish(),
	persons: z.array(SchedulePersonSchema).max(500).default([]),
	links: z.array(ScheduleLinkSchema).max(500).default([]),
	attachments: z.array(z.unknown()).max(500).default([])
});

const RoomName = Short.min(1);

const ScheduleDaySchema = z.object({
	index: z.number().int(),
	date: LocalDate,
	day_start: Instant,
	day_end: Instant,
	rooms: z.record(RoomName, z.array(ScheduleEventSchema).max(10_000))
});

const ScheduleRoomSchema = z.object({
	name: RoomName,
	guid: Short.optional(),
	description: Long.nullish(),
	capacity: z.number().nullish()
});

/*
 * What an event file holds beyond the frab fields, carried in `conference.meta.plenair` (the
 * schema's own extension point) so that Plenair → schedule.json → Plenair keeps it. Other tools
 * ignore it. Standard fields win wherever both say something.
 */

const Slug = slugSchema({ max: 200 });
const Text = Short.min(1);

const MetaPersonSchema = z.object({
	role: z.enum(['host', 'speaker']),
	title: Text.optional(),
	organisation: z.string().min(1).max(120).optional()
});

const MetaSessionSchema = z.object({
	round: Slug.optional(),
	capacity: z.number().int().positive().max(1_000_000).optional(),
	/** One entry per entry of the event's `persons`, in the same order. */
	persons: z.array(MetaPersonSchema).max(500).optional()
});

const PlenairMetaSchema = z.object({
	slug: Slug,
	subtitle: Text.optional(),
	languages: z.array(LocaleSchema).min(1).max(10),
	access: z.enum(accessModes),
	organiser: Text.optional(),
	/** Room id by the room's exported name. */
	rooms: z.array(z.object({ id: Slug, name: Text })).max(1_000),
	rounds: z
		.array(z.object({ id: Slug, title: Text, start: Instant, end: Instant, signup: z.boolean() }))
		.max(1_000),
	sessions: z.record(Slug, MetaSessionSchema)
});

const ConferenceSchema = z.object({
	acronym: Short.min(1),
	title: Short.refine((t) => t.trim().length > 0, 'a title is required'),
	description: Long.nullish(),
	start: Short,
	end: Short,
	daysCount: z.number().int().optional(),
	timeslot_duration: Short.optional(),
	time_zone_name: TimeZone.nullish(),
	url: Short.nullish(),
	rooms: z.array(ScheduleRoomSchema).max(1_000).default([]),
	days: z.array(ScheduleDaySchema).min(1, 'the schedule has no days').max(1_000),
	meta: z.object({ plenair: PlenairMetaSchema.optional() }).optional()
});

export const ScheduleDocumentSchema = z.object({
	$schema: Short.optional(),
	generator: z.object({ name: Short.optional(), version: Short.optional() }).optional(),
	schedule: z.object({
		version: Short,
		base_url: Short.optional(),
		conference: ConferenceSchema
	})
});

export type ScheduleDocument = z.infer<typeof ScheduleDocumentSchema>;
export type Conference = ScheduleDocument['schedule']['conference'];
export type ScheduleEvent = Conference['days'][number]['rooms'][string][number];
export type PlenairMeta = z.infer<typeof PlenairMetaSchema>;
export type MetaSession = z.infer<typeof MetaSessionSchema>;
