import { createHash } from 'node:crypto';
import { z } from 'zod';
import pkg from '../../../../package.json' with { type: 'json' };
import {
	LocaleSchema,
	type EventFile,
	type Locale,
	type LocalizedText,
	type Room,
	type Session
} from '../../shared/event-schema.ts';
import { localize } from '../../shared/programme.ts';
import {
	formatDuration,
	isoInZone,
	localDate,
	localTime,
	nextDate,
	startOfLocalDate
} from '../../shared/zoned-time.ts';
import { frabId, roomGuid, sessionGuid } from './guid.ts';
import type {
	Conference,
	MetaSession,
	PlenairMeta,
	ScheduleDocument,
	ScheduleEvent
} from './schedule-schema.ts';

/** Named in every export, so readers know which program wrote the file. */
export const GENERATOR = { name: 'Plenair', version: pkg.version } as const;

const C3VOC_SCHEMA_URL = 'https://c3voc.de/schedule/schema.json';

export interface ExportOptions {
	/** Origin the links point to, e.g. "https://plenair.example.org". */
	origin: string;
	/** Language of the exported texts. */
	locale: Locale;
}

const LangQuery = z.object({ lang: LocaleSchema.optional() });

/** The language an export asks for with `?lang=`, else `fallback`; undefined when unsupported. */
export function exportLocale(url: URL, fallback: Locale): Locale | undefined {
	const lang = url.searchParams.get('lang');
	const parsed = LangQuery.safeParse({ lang: lang ?? undefined });
	if (!parsed.success) return undefined;
	return parsed.data.lang ?? fallback;
}

export const sessionPath = (id: string) => `/sessions/${encodeURIComponent(id)}`;

/**
 * frab's acronym of an event: its slug with underscores, at least four characters (padded with
 * underscores), as the c3voc schema and XSD ask.
 */
export const exportAcronym = (eventSlug: string) => eventSlug.replace(/-/g, '_').padEnd(4, '_');

/**
 * A session's c3voc slug, `<acronym>-<frab id>-<session id>` as frab and pretalx write it (the
 * XSD's `voc-slug-new`: no hyphen in the acronym, at least four characters either side). The
 * session id, Plenair's own slug of the session, is what follows the second hyphen; import
 * reads it back from there.
 */
export const exportSessionSlug = (acronym: string, id: number, sessionId: string) =>
	`${acronym}-${id}-${sessionId}`;

/**
 * The programme as a frab / c3voc schedule.json document. Everything is derived from the event
 * file, so the same file and options always give the same document (import relies on this).
 */
export function exportSchedule(event: EventFile, options: ExportOptions): ScheduleDocument {
	const origin = new URL(options.origin).origin;
	const text = (t: LocalizedText) => localize(t, options.locale);
	const zone = event.event.timezone;
	const slug = event.event.slug;
	const acronym = exportAcronym(slug);
	const roomNames = exportedRoomNames(event.rooms, options.locale);
	const roomOrder = new Map(event.rooms.map((r, i) => [r.id, i]));
	const rounds = new Map(event.rounds.map((r) => [r.id, r]));
	const ms = Date.parse;

	const sessions = [...event.sessions].sort(
		(a, b) =>
			ms(a.start) - ms(b.start) ||
			roomOrder.get(a.room)! - roomOrder.get(b.room)! ||
			a.id.localeCompare(b.id)
	);

	const usedIds = new Set<number>();
	const toEvent = (session: Session): ScheduleEvent => {
		const guid = sessionGuid(slug, session.id);
		let id = frabId(guid);
		while (usedIds.has(id)) id = (id % 0x7fffffff) + 1;
		usedIds.add(id);
		const round = session.round === undefined ? undefined : rounds.get(session.round);
		const description = text(session.description);
		return {
			guid,
			id,
			date: isoInZone(ms(session.start), zone),
			start: localTime(ms(session.start), zone),
			duration: formatDuration(ms(session.end) - ms(session.start)),
			room: roomNames.get(session.room)!,
			slug: exportSessionSlug(acronym, id, session.id),
			url: origin + sessionPath(session.id),
			title: text(session.title),
			subtitle: '',
			track: round ? text(round.title) : session.kind,
			type: session.kind,
			language: options.locale,
			abstract: description,
			description,
			recording_license: '',
			do_not_record: !session.record,
			persons: [...session.hosts, ...session.speakers].map((p) => ({ name: p.name })),
			links: session.resources.map((r) => ({ url: r.url, title: text(r.title) })),
			attachments: []
		};
	};

	const events = sessions.map((s) => ({ session: s, event: toEvent(s) }));
	const start = ms(event.event.start);
	const end = ms(event.event.end);
	const days = eventDays(start, end, zone).map((day, i) => ({
		index: i + 1,
		date: day.date,
		day_start: isoInZone(day.start, zone),
		day_end: isoInZone(day.end, zone),
		rooms: Object.fromEntries(
			event.rooms.map((room) => [
				roomNames.get(room.id)!,
				events
					.filter(
						({ session }) =>
							session.room === room.id &&
							ms(session.start) >= day.start &&
							ms(session.start) < day.end
					)
					.map((e) => e.event)
			])
		)
	}));

	const description = text(event.event.description);
	const conference: Conference = {
		acronym,
		title: text(event.event.title),
		description,
		start: localDate(start, zone),
		end: localDate(end - 1, zone),
		daysCount: days.length,
		timeslot_duration: formatDuration(
			timeslotMinutes(
				event.sessions.flatMap((s) => [ms(s.start), ms(s.end)]),
				zone
			) * 60_000
		),
		time_zone_name: zone,
		url: `${origin}/`,
		rooms: event.rooms.map((room) => ({
			name: roomNames.get(room.id)!,
			guid: roomGuid(slug, room.id)
		})),
		days,
		meta: { plenair: plenairMeta(event, sessions, options.locale, roomNames) }
	};

	return {
		$schema: C3VOC_SCHEMA_URL,
		generator: { ...GENERATOR },
		schedule: {
			// Changes exactly when the exported programme changes.
			version: createHash('sha256').update(JSON.stringify(conference)).digest('hex').slice(0, 12),
			base_url: `${origin}/`,
			conference
		}
	};
}

function plenairMeta(
	event: EventFile,
	sessions: Session[],
	locale: Locale,
	roomNames: Map<string, string>
): PlenairMeta {
	const text = (t: LocalizedText) => localize(t, locale);
	const info = event.event;
	const zone = info.timezone;
	const instant = (iso: string) => isoInZone(Date.parse(iso), zone);
	return {
		slug: info.slug,
		...(info.subtitle !== undefined && { subtitle: text(info.subtitle) }),
		languages: [...info.languages],
		access: info.access,
		...(info.organiser !== undefined && { organiser: info.organiser }),
		rooms: event.rooms.map((room) => ({ id: room.id, name: roomNames.get(room.id)! })),
		rounds: [...event.rounds]
			.sort((a, b) => Date.parse(a.start) - Date.parse(b.start) || a.id.localeCompare(b.id))
			.map((round) => ({
				id: round.id,
				title: text(round.title),
				start: instant(round.start),
				end: instant(round.end),
				signup: round.signup
			})),
		sessions: Object.fromEntries(
			sessions.map((session): [string, MetaSession] => {
				const persons = [
					...session.hosts.map((p) => ({ role: 'host' as const, ...personExtras(p, text) })),
					...session.speakers.map((p) => ({ role: 'speaker' as const, ...personExtras(p, text) }))
				];
				return [
					session.id,
					{
						...(session.round !== undefined && { round: session.round }),
						...(session.capacity !== undefined && { capacity: session.capacity }),
						...(persons.length > 0 && { persons })
					}
				];
			})
		)
	};
}

function personExtras(
	person: Session['hosts'][number],
	text: (t: LocalizedText) => string
): { title?: string; organisation?: string } {
	return {
		...(person.role !== undefined && { title: text(person.role) }),
		...(person.organisation !== undefined && { organisation: person.organisation })
	};
}

/**
 * Each room's name as exported. frab files key rooms by name, so a name that two rooms share
 * gets the room id added to stay unique.
 */
function exportedRoomNames(rooms: Room[], locale: Locale): Map<string, string> {
	const names = rooms.map((room) => localize(room.name, locale));
	const seen = new Set<string>();
	return new Map(
		rooms.map((room, i) => {
			let name = names[i];
			if (seen.has(name) || names.indexOf(name) !== i) name = `${name} (${room.id})`;
			seen.add(name);
			return [room.id, name];
		})
	);
}

interface DayRange {
	/** Local calendar date, "2022-01-17". */
	date: string;
	/** First and last instant of the event on that date (ms). */
	start: number;
	end: number;
}

/** The local calendar dates an event spans, each cut to the event's own start and end. */
export function eventDays(start: number, end: number, timeZone: string): DayRange[] {
	const days: DayRange[] = [];
	const last = localDate(end - 1, timeZone);
	for (let date = localDate(start, timeZone); ; date = nextDate(date)) {
		const dayStart = Math.max(start, startOfLocalDate(date, timeZone));
		const dayEnd = Math.min(end, startOfLocalDate(nextDate(date), timeZone));
		days.push({ date, start: dayStart, end: dayEnd });
		if (date >= last || days.length > 1_000) break;
	}
	return days;
}

/** Greatest common divisor of the local start and end minutes, at most an hour. */
export function timeslotMinutes(instants: number[], timeZone: string): number {
	const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
	return (
		instants.reduce((acc, instant) => {
			const minutes = Math.round(
				(instant - startOfLocalDate(localDate(instant, timeZone), timeZone)) / 60_000
			);
			return gcd(acc, minutes);
		}, 60) || 60
	);
}
