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
 *
 * Real exports get optional parts wrong (a link without a scheme, a person without a name, a
 * number where text belongs). Those parts are `lenient`: a bad one is left out and becomes a
 * warning at its path instead of refusing the file. What Plenair cannot do without (days, rooms,
 * times, durations, titles, the time zone) stays strict.
 */

/** A lenient part's refusal, held in the parsed value until `settleLenient` takes it out. */
class Fault {
	constructor(
		readonly issues: readonly { path: readonly PropertyKey[]; message: string }[],
		readonly outcome: string,
		readonly fallback: unknown
	) {}
}

/**
 * `schema`, except that a value it refuses does not refuse the document: the part is left out
 * (an array element is removed, a field becomes `fallback`, by default absent) and
 * `settleLenient` reports each issue as a warning ending in `outcome`.
 */
function lenient<T extends z.ZodType>(schema: T, outcome: string, fallback?: z.output<T>) {
	return schema.catch((ctx) => {
		// `ctx.error` holds the issues with their messages (`ctx.issues` has them unfinished).
		const issues = ctx.error.issues.map((i) => ({ path: i.path, message: i.message }));
		// A stand-in the parsed type does not describe; settleLenient removes every one.
		return new Fault(issues, outcome, fallback) as unknown as z.output<T>;
	});
}

/** A warning of a lenient part: its JSON path in the document and what was wrong and done. */
export interface LenientWarning {
	path: PropertyKey[];
	message: string;
}

/**
 * Takes the refused lenient parts out of a parsed document (in place) and returns a warning for
 * each issue (fields in the schema's order, array elements by index). `json` is the document as parsed from text; a warning's path
 * stops where the document does (a bare-string link has no `.url`).
 */
export function settleLenient(parsed: unknown, json: unknown): LenientWarning[] {
	const warnings: LenientWarning[] = [];
	const report = (fault: Fault, path: PropertyKey[]) => {
		for (const issue of fault.issues)
			warnings.push({
				path: existingPath(json, [...path, ...issue.path]),
				message: `${issue.message}; ${fault.outcome}`
			});
	};
	const visit = (node: unknown, path: PropertyKey[]): void => {
		if (Array.isArray(node)) {
			const kept: unknown[] = [];
			node.forEach((item: unknown, i) => {
				if (item instanceof Fault) {
					report(item, [...path, i]);
					if (item.fallback !== undefined) kept.push(item.fallback);
				} else {
					visit(item, [...path, i]);
					kept.push(item);
				}
			});
			if (kept.length !== node.length) node.splice(0, node.length, ...kept);
		} else if (node !== null && typeof node === 'object' && !(node instanceof Fault)) {
			const record = node as Record<string, unknown>;
			for (const [key, value] of Object.entries(record)) {
				if (value instanceof Fault) {
					report(value, [...path, key]);
					if (value.fallback === undefined) delete record[key];
					else record[key] = value.fallback;
				} else visit(value, [...path, key]);
			}
		}
	};
	visit(parsed, []);
	return warnings;
}

/** The longest start of `path` that exists in `json`. */
function existingPath(json: unknown, path: PropertyKey[]): PropertyKey[] {
	let node = json;
	for (let i = 0; i < path.length; i++) {
		if (node === null || typeof node !== 'object' || !Object.hasOwn(node, path[i]))
			return path.slice(0, i);
		node = (node as Record<PropertyKey, unknown>)[path[i]];
	}
	return path;
}

const IGNORED = 'ignored';
const LEFT_OUT = 'left out';

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
	z.object({ url: WebUrl, title: lenient(Short.nullish(), 'the URL is the title') })
);

const ScheduleEventSchema = z.object({
	guid: lenient(Short.optional(), IGNORED),
	id: lenient(z.number().int().optional(), IGNORED),
	date: Instant,
	start: lenient(Clock.optional(), IGNORED),
	duration: Duration,
	room: Short.min(1),
	slug: lenient(Short.optional(), 'the session gets an id of its own'),
	url: lenient(Short.nullish(), IGNORED),
	title: Short.refine((t) => t.trim().length > 0, 'a title is required'),
	subtitle: lenient(Short.nullish(), IGNORED),
	track: lenient(Short.nullish(), LEFT_OUT),
	type: lenient(Short.nullish(), 'the session becomes a livecast'),
	language: lenient(Short.nullish(), IGNORED),
	abstract: lenient(Long.nullish(), LEFT_OUT),
	description: lenient(Long.nullish(), LEFT_OUT),
	recording_license: lenient(Short.nullish(), IGNORED),
	do_not_record: lenient(z.boolean().nullish(), 'the session is not recorded'),
	persons: lenient(
		z.array(lenient(SchedulePersonSchema, 'the person is left out')).max(500).default([]),
		'the persons are left out',
		[]
	),
	links: lenient(
		z.array(lenient(ScheduleLinkSchema, 'the link is left out')).max(500).default([]),
		'the links are left out',
		[]
	),
	attachments: lenient(z.array(z.unknown()).max(500).default([]), IGNORED, [])
});

const RoomName = Short.min(1);

const ScheduleDaySchema = z.object({
	index: lenient(z.number().int().optional(), IGNORED),
	date: LocalDate,
	day_start: Instant,
	day_end: Instant,
	rooms: z.record(RoomName, z.array(ScheduleEventSchema).max(10_000))
});

const ScheduleRoomSchema = z.object({
	name: RoomName,
	guid: lenient(Short.optional(), IGNORED),
	description: lenient(Long.nullish(), IGNORED),
	capacity: lenient(z.number().nullish(), IGNORED)
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
	description: lenient(Long.nullish(), 'the title describes the event'),
	start: Short,
	end: Short,
	daysCount: lenient(z.number().int().optional(), IGNORED),
	timeslot_duration: lenient(Short.optional(), IGNORED),
	time_zone_name: TimeZone.nullish(),
	url: lenient(Short.nullish(), IGNORED),
	rooms: lenient(
		z
			.array(lenient(ScheduleRoomSchema, 'the room is known by its sessions only'))
			.max(1_000)
			.default([]),
		'the rooms are known by their sessions only',
		[]
	),
	days: z.array(ScheduleDaySchema).min(1, 'the schedule has no days').max(1_000),
	meta: z.object({ plenair: PlenairMetaSchema.optional() }).optional()
});

export const ScheduleDocumentSchema = z.object({
	$schema: lenient(Short.optional(), IGNORED),
	generator: lenient(
		z.object({ name: Short.optional(), version: Short.optional() }).optional(),
		IGNORED
	),
	schedule: z.object({
		version: Short,
		base_url: lenient(Short.optional(), IGNORED),
		conference: ConferenceSchema
	})
});

export type ScheduleDocument = z.infer<typeof ScheduleDocumentSchema>;
export type Conference = ScheduleDocument['schedule']['conference'];
export type ScheduleEvent = Conference['days'][number]['rooms'][string][number];
export type PlenairMeta = z.infer<typeof PlenairMetaSchema>;
export type MetaSession = z.infer<typeof MetaSessionSchema>;
