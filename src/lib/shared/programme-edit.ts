import { z } from 'zod';
import {
	EventFileSchema,
	sessionKinds,
	type EventFile,
	type LocalizedText,
	type Session
} from './event-schema.ts';
import { findClashes, type Clash } from './programme-clashes.ts';
import { SlugSchema } from './slug.ts';
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
	version: z.coerce.number().int().min(0),
	/** Only for a new session; an existing one keeps its id (links and calendars use it). */
	id: SlugSchema.optional().or(z.literal('').transform(() => undefined)),
	kind: z.enum(sessionKinds, { error: 'form_programme_kind' }),
	title_nl: Text(200),
	title_en: Text(200),
	description_nl: Text(4000),
	description_en: Text(4000),
	date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'form_programme_date' }),
	start: Time,
	end: Time,
	room: SlugSchema,
	round: SlugSchema.optional().or(z.literal('').transform(() => undefined)),
	capacity: z
		.union([z.literal('').transform(() => undefined), z.coerce.number().int().min(1).max(100000)])
		.optional(),
	record: z
		.literal('on')
		.optional()
		.transform((v) => v === 'on'),
	hosts: People.prefault(''),
	speakers: People.prefault('')
});
export type SessionFormData = z.infer<typeof SessionForm>;

export const ShiftForm = z.object({
	version: z.coerce.number().int().min(0),
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
	const id = existing?.id ?? form.id;
	if (!id) errors.id = 'form_programme_id';
	else if (!existing && event.sessions.some((s) => s.id === id))
		errors.id = 'form_programme_id_taken';
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
			record: form.record
		}
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
	const starts = [...next.sessions.map((s) => s.start), ...next.rounds.map((r) => r.start)];
	const ends = [...next.sessions.map((s) => s.end), ...next.rounds.map((r) => r.end)];
	const first = Math.min(Date.parse(event.event.start), ...starts.map(Date.parse));
	const last = Math.max(Date.parse(event.event.end), ...ends.map(Date.parse));
	return {
		...next,
		event: { ...next.event, start: isoInZone(first, tz), end: isoInZone(last, tz) }
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
