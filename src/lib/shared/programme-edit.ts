import { z } from 'zod';
import {
	accessModes,
	EventFileSchema,
	sessionKinds,
	TimeZoneSchema,
	type EventFile,
	type Locale,
	type LocalizedText,
	type Room,
	type Round,
	type Session
} from './event-schema.ts';
import { DEFAULT_SETTINGS } from './board/logic.ts';
import { LIMITS } from './board/schema.ts';
import { findClashes, type Clash } from './programme-clashes.ts';
import { localize } from './programme.ts';
import { slugify, SlugSchema, uniqueSlug } from './slug.ts';
import { instantOfWallClock, isoInZone } from './zoned-time.ts';

/*
 * The programme editor's forms and the pure edits they make. Error messages are message keys
 * (messages/*.json). The server validates every save with EventFileSchema and findClashes.
 */

const Text = (max: number) =>
	z
		.string()
		.trim()
		.max(max, { error: 'form_programme_too_long' })
		.optional()
		.transform((v) => (v ? v : undefined));
const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'form_programme_time' });
const DateText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'form_programme_date' });
const Version = z.coerce.number().int().min(0);
const OptionalSlug = SlugSchema.optional().or(z.literal('').transform(() => undefined));
const Checkbox = z
	.literal('on')
	.optional()
	.transform((v) => v === 'on');
/** A number of the board's settings, 1 to `max`, or the default when left empty. */
const BoardNumber = (max: number) =>
	z
		.union([
			z.literal('').transform(() => undefined),
			z.coerce
				.number({ error: 'form_programme_board_number' })
				.int({ error: 'form_programme_board_number' })
				.min(1, { error: 'form_programme_board_number' })
				.max(max, { error: 'form_programme_board_number' })
		])
		.optional();

/** "Name, organisation" per line. */
const People = z
	.string()
	.max(4000, { error: 'form_programme_too_long' })
	.transform((text) =>
		text
			.split('\n')
			.map((line) => line.trim())
			.filter(Boolean)
			.map((line) => {
				const [name, ...rest] = line.split(',');
				const organisation = rest.join(',').trim();
				return { name: name.trim().slice(0, 120), ...(organisation && { organisation }) };
			})
	);

export const SessionForm = z.object({
	/** The version of the programme the form was made from. */
	version: Version,
	/**
	 * Only for a new session, and made from the title when left empty; an existing one keeps its
	 * id (links and calendars use it).
	 */
	id: OptionalSlug,
	kind: z.enum(sessionKinds, { error: 'form_programme_kind' }),
	title_nl: Text(200),
	title_en: Text(200),
	description_nl: Text(4000),
	description_en: Text(4000),
	date: DateText,
	start: Time,
	end: Time,
	room: SlugSchema,
	round: OptionalSlug,
	capacity: z
		.union([z.literal('').transform(() => undefined), z.coerce.number().int().min(1).max(100000)])
		.optional(),
	record: Checkbox,
	hosts: People.prefault(''),
	speakers: People.prefault(''),
	/** A brainstorm's board: its questions, one per line (empty: one from the title). */
	board_questions: z
		.string()
		.max(LIMITS.question * LIMITS.questions + 10, { error: 'form_programme_too_long' })
		.prefault('')
		.transform((text) =>
			text
				.split('\n')
				.map((line) => line.trim())
				.filter(Boolean)
		)
		.refine((list) => list.length <= LIMITS.questions, { error: 'form_programme_board_questions' })
		.refine((list) => list.every((q) => q.length <= LIMITS.question), {
			error: 'form_programme_board_questions'
		}),
	board_votes: BoardNumber(LIMITS.votesPerPerson),
	board_anonymous: Checkbox,
	board_collect: BoardNumber(LIMITS.minutes),
	board_group: BoardNumber(LIMITS.minutes),
	board_vote: BoardNumber(LIMITS.minutes)
});
export type SessionFormData = z.infer<typeof SessionForm>;

export const ShiftForm = z.object({
	version: Version,
	/** `round:<id>` or `session:<id>`. */
	target: z.string().regex(/^(round|session):[a-z0-9-]+$/),
	minutes: z.coerce
		.number({ error: 'form_programme_minutes' })
		.int({ error: 'form_programme_minutes' })
		.min(-600, { error: 'form_programme_minutes' })
		.max(600, { error: 'form_programme_minutes' })
		.refine((n) => n !== 0, { error: 'form_programme_minutes' })
});

const localized = (nl?: string, en?: string): LocalizedText | undefined =>
	nl && en ? { nl, en } : (nl ?? en);

/** The event's languages as the form offers them: the first is the default. */
export const languageChoices = ['nl', 'en', 'nl,en', 'en,nl'] as const;

export const EventForm = z.object({
	version: Version,
	/** Only while the programme has no sessions: links, calendars and GUIDs are made from it. */
	slug: OptionalSlug,
	title_nl: Text(200),
	title_en: Text(200),
	subtitle_nl: Text(200),
	subtitle_en: Text(200),
	description_nl: Text(4000),
	description_en: Text(4000),
	organiser: Text(200),
	timezone: z
		.string()
		.refine((tz) => TimeZoneSchema.safeParse(tz).success, { error: 'form_programme_timezone' }),
	start_date: DateText,
	start_time: Time,
	end_date: DateText,
	end_time: Time,
	languages: z.enum(languageChoices, { error: 'form_programme_languages' }),
	access: z.enum(accessModes, { error: 'form_programme_access' })
});
export type EventFormData = z.infer<typeof EventForm>;

/**
 * The event's own settings from the form. A new time zone keeps every session at its instant;
 * times are written again in the new zone.
 */
export function eventFromForm(
	form: EventFormData,
	event: EventFile
): { ok: true; event: EventFile } | { ok: false; errors: Record<string, string> } {
	const errors: Record<string, string> = {};
	const title = localized(form.title_nl, form.title_en);
	if (!title) errors.title_nl = 'form_programme_title';
	if (form.slug && form.slug !== event.event.slug && event.sessions.length > 0)
		errors.slug = 'form_programme_slug_fixed';
	if (Object.keys(errors).length > 0 || !title) return { ok: false, errors };
	const tz = form.timezone;
	const start = instant(form.start_date, form.start_time, tz);
	const end = instant(form.end_date, form.end_time, tz);
	if (Date.parse(end) <= Date.parse(start))
		return { ok: false, errors: { end_time: 'form_programme_end' } };
	const inZone = <T extends { start: string; end: string }>(item: T): T => ({
		...item,
		start: isoInZone(Date.parse(item.start), tz),
		end: isoInZone(Date.parse(item.end), tz)
	});
	return {
		ok: true,
		event: {
			...event,
			event: {
				slug: form.slug ?? event.event.slug,
				title,
				subtitle: localized(form.subtitle_nl, form.subtitle_en),
				description: localized(form.description_nl, form.description_en) ?? title,
				timezone: tz,
				start,
				end,
				languages: form.languages.split(',') as Locale[],
				access: form.access,
				organiser: form.organiser
			},
			rounds: event.rounds.map(inZone),
			sessions: event.sessions.map(inZone)
		}
	};
}

export const RoomForm = z.object({
	version: Version,
	/** The room edited; empty for a new one, whose id is made from its name. */
	room: OptionalSlug,
	name_nl: Text(120),
	name_en: Text(120)
});

/** The programme with this room renamed, or added. */
export function withRoom(
	event: EventFile,
	form: z.infer<typeof RoomForm>
): { ok: true; event: EventFile; room: Room } | { ok: false; errors: Record<string, string> } {
	const name = localized(form.name_nl, form.name_en);
	if (!name) return { ok: false, errors: { name_nl: 'form_programme_name' } };
	if (form.room) {
		const room = { id: form.room, name };
		return {
			ok: true,
			room,
			event: { ...event, rooms: event.rooms.map((r) => (r.id === room.id ? room : r)) }
		};
	}
	const base = slugify(localize(name, 'nl'), 60) || 'zaal';
	const room = { id: uniqueSlug(base, new Set(event.rooms.map((r) => r.id))), name };
	return { ok: true, room, event: { ...event, rooms: [...event.rooms, room] } };
}

export const RoundForm = z.object({
	version: Version,
	/** The round edited; empty for a new one, whose id is made from its title. */
	round: OptionalSlug,
	title_nl: Text(200),
	title_en: Text(200),
	date: DateText,
	start: Time,
	end: Time,
	signup: Checkbox
});

/**
 * The programme with this round changed, or added. Its sessions stay where they are: a round
 * that no longer holds them is refused by the programme's own check (moving a round with its
 * sessions is `shifted`).
 */
export function withRound(
	event: EventFile,
	form: z.infer<typeof RoundForm>
): { ok: true; event: EventFile; round: Round } | { ok: false; errors: Record<string, string> } {
	const title = localized(form.title_nl, form.title_en);
	if (!title) return { ok: false, errors: { title_nl: 'form_programme_title' } };
	const tz = event.event.timezone;
	const start = instant(form.date, form.start, tz);
	let end = instant(form.date, form.end, tz);
	if (Date.parse(end) <= Date.parse(start)) end = isoInZone(Date.parse(end) + 24 * 3600_000, tz);
	const id =
		form.round ??
		uniqueSlug(
			slugify(localize(title, 'nl'), 60) || 'ronde',
			new Set(event.rounds.map((r) => r.id))
		);
	const round = { id, title, start, end, signup: form.signup };
	const rounds = form.round
		? event.rounds.map((r) => (r.id === id ? round : r))
		: [...event.rounds, round];
	return { ok: true, round, event: widened({ ...event, rounds }) };
}

/** Removes a room or round nobody uses; the sessions that still use it, otherwise. */
export function without(
	event: EventFile,
	kind: 'room' | 'round',
	id: string
): { ok: true; event: EventFile } | { ok: false; usedBy: string[] } {
	const usedBy = event.sessions.filter((s) => s[kind] === id).map((s) => s.id);
	if (usedBy.length > 0) return { ok: false, usedBy };
	return kind === 'room'
		? { ok: true, event: { ...event, rooms: event.rooms.filter((r) => r.id !== id) } }
		: { ok: true, event: { ...event, rounds: event.rounds.filter((r) => r.id !== id) } };
}

/** The form's date and wall-clock time as an instant in the event's zone, ISO with offset. */
function instant(date: string, time: string, timeZone: string): string {
	const [year, month, day] = date.split('-').map(Number);
	const [hour, minute] = time.split(':').map(Number);
	return isoInZone(
		instantOfWallClock({ year, month, day, hour, minute, second: 0 }, timeZone),
		timeZone
	);
}

/** The session a form describes; `id` is the session edited, or undefined for a new one. */
export function sessionFromForm(
	form: SessionFormData,
	event: EventFile,
	existing?: Session
): { ok: true; session: Session } | { ok: false; errors: Record<string, string> } {
	const errors: Record<string, string> = {};
	const title = localized(form.title_nl, form.title_en);
	if (!title) errors.title_nl = 'form_programme_title';
	const taken = new Set(event.sessions.map((s) => s.id));
	const fromTitle = title && slugify(localize(title, 'nl'), 60);
	const id = existing?.id ?? form.id ?? (fromTitle ? uniqueSlug(fromTitle, taken) : undefined);
	if (!id) errors.id = 'form_programme_id';
	else if (!existing && form.id && taken.has(id)) errors.id = 'form_programme_id_taken';
	const tz = event.event.timezone;
	const start = instant(form.date, form.start, tz);
	// An end before the start is after midnight.
	let end = instant(form.date, form.end, tz);
	if (Date.parse(end) <= Date.parse(start)) end = isoInZone(Date.parse(end) + 24 * 3600_000, tz);
	if (Object.keys(errors).length > 0 || !title || !id) return { ok: false, errors };
	return {
		ok: true,
		session: {
			id,
			kind: form.kind,
			title,
			description: localized(form.description_nl, form.description_en) ?? title,
			start,
			end,
			room: form.room,
			round: form.round,
			capacity: form.capacity,
			hosts: form.hosts,
			speakers: form.speakers,
			resources: existing?.resources ?? [],
			record: form.record,
			board: form.kind === 'brainstorm' ? boardFromForm(form) : undefined
		}
	};
}

/** The board settings a brainstorm's form gives; what it leaves empty keeps the default. */
function boardFromForm(form: SessionFormData): Session['board'] {
	const minutes = {
		collect: form.board_collect ?? DEFAULT_SETTINGS.minutes.collect,
		group: form.board_group ?? DEFAULT_SETTINGS.minutes.group,
		vote: form.board_vote ?? DEFAULT_SETTINGS.minutes.vote
	};
	return {
		...(form.board_questions.length > 0 && { questions: form.board_questions }),
		votesPerPerson: form.board_votes ?? DEFAULT_SETTINGS.votesPerPerson,
		anonymous: form.board_anonymous,
		minutes
	};
}

/** The programme with this session added or put in the place of `replacing`. */
export function withSession(event: EventFile, session: Session, replacing?: string): EventFile {
	const sessions = replacing
		? event.sessions.map((s) => (s.id === replacing ? session : s))
		: [...event.sessions, session];
	return { ...event, sessions };
}

export function withoutSession(event: EventFile, id: string): EventFile {
	return { ...event, sessions: event.sessions.filter((s) => s.id !== id) };
}

const later = (iso: string, minutes: number, tz: string) =>
	isoInZone(Date.parse(iso) + minutes * 60_000, tz);

/**
 * A round moved by some minutes, with its sessions; or one session. The event's own times widen
 * when the move leaves them.
 */
export function shifted(event: EventFile, target: string, minutes: number): EventFile {
	const tz = event.event.timezone;
	const [kind, id] = target.split(':');
	const moves = (s: Session) => (kind === 'round' ? s.round === id : s.id === id);
	const next: EventFile = {
		...event,
		rounds: event.rounds.map((r) =>
			kind === 'round' && r.id === id
				? { ...r, start: later(r.start, minutes, tz), end: later(r.end, minutes, tz) }
				: r
		),
		sessions: event.sessions.map((s) =>
			moves(s) ? { ...s, start: later(s.start, minutes, tz), end: later(s.end, minutes, tz) } : s
		)
	};
	return widened(next);
}

/** The event's own times widened to hold every round and session. */
function widened(event: EventFile): EventFile {
	const tz = event.event.timezone;
	const starts = [...event.sessions.map((s) => s.start), ...event.rounds.map((r) => r.start)];
	const ends = [...event.sessions.map((s) => s.end), ...event.rounds.map((r) => r.end)];
	const first = Math.min(Date.parse(event.event.start), ...starts.map(Date.parse));
	const last = Math.max(Date.parse(event.event.end), ...ends.map(Date.parse));
	return {
		...event,
		event: { ...event.event, start: isoInZone(first, tz), end: isoInZone(last, tz) }
	};
}

const clashKey = (c: Clash) => JSON.stringify(c);

/**
 * Whether `next` may be saved over `previous`: valid as a programme, and without a clash that
 * `previous` did not have (an imported programme's old clash does not block other edits).
 */
export function checkEdit(
	previous: EventFile,
	next: EventFile
): { ok: true; event: EventFile } | { ok: false; problems: string[]; clashes: Clash[] } {
	const parsed = EventFileSchema.safeParse(next);
	if (!parsed.success)
		return {
			ok: false,
			problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
			clashes: []
		};
	const before = new Set(findClashes(previous).map(clashKey));
	const clashes = findClashes(parsed.data).filter((c) => !before.has(clashKey(c)));
	return clashes.length > 0
		? { ok: false, problems: [], clashes }
		: { ok: true, event: parsed.data };
}
