import { createHash } from 'node:crypto';
import type { EventFile, Locale, LocalizedText, Session } from '../../shared/event-schema.ts';
import { localize } from '../../shared/programme.ts';
import { C3VOC_SCHEMA_URL, GENERATOR } from './generator.ts';
import { frabId, roomGuid, sessionGuid } from './guid.ts';
import type { MetaSession, PlenairMeta } from './plenair-meta.ts';
import { exportedRoomNames } from './room-names.ts';
import { eventDays, timeslotMinutes } from './schedule-days.ts';
import type { Conference, ScheduleDocument, ScheduleEvent } from './schedule-schema.ts';
import { formatDuration, isoInZone, localDate, localTime } from '../../shared/zoned-time.ts';

export interface ExportOptions {
	/** Origin the links point to, e.g. "https://plenair.example.org". */
	origin: string;
	/** Language of the exported texts. */
	locale: Locale;
}

export const sessionPath = (id: string) => `/sessions/${encodeURIComponent(id)}`;

/**
 * The programme as a frab / c3voc schedule.json document. Everything is derived from the event
 * file, so the same file and options always give the same document (import relies on this).
 */
export function exportSchedule(event: EventFile, options: ExportOptions): ScheduleDocument {
	const origin = new URL(options.origin).origin;
	const text = (t: LocalizedText) => localize(t, options.locale);
	const zone = event.event.timezone;
	const slug = event.event.slug;
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
			slug: session.id,
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
		acronym: slug.replace(/-/g, '_'),
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
