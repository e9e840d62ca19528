import type { z } from 'zod';
import {
	type EventFileSchema,
	isBroadcast,
	locales,
	type Locale,
	type SessionKind
} from '../../shared/event-schema.ts';
import { isSlug, slugify, uniqueSlug } from '../../shared/slug.ts';
import { isoInZone, localTimeRange, parseDuration } from '../../shared/zoned-time.ts';

import type {
	MetaSession,
	PlenairMeta,
	ScheduleDocument,
	ScheduleEvent
} from './schedule-schema.ts';

type EventFileInput = z.input<typeof EventFileSchema>;
type SessionInput = EventFileInput['sessions'][number];
type Path = (string | number)[];

/** Where in the schedule document each converted part came from, to report problems there. */
export interface SourceMap {
	sessions: Path[];
	rooms: Path[];
	rounds: Path[];
}

interface Flat {
	event: ScheduleEvent;
	path: Path;
	start: number;
	end: number;
	id: string;
}

/**
 * `type` values whose Plenair kind is clear: Plenair's own kinds and frab's event types
 * (lecture, workshop, podium, lightning_talk, meeting, film, concert, djset, performance, other).
 */
const KIND_BY_TYPE: Record<string, SessionKind> = {
	plenary: 'plenary',
	keynote: 'plenary',
	livecast: 'livecast',
	breakout: 'breakout',
	workshop: 'breakout',
	brainstorm: 'brainstorm',
	lecture: 'livecast',
	talk: 'livecast',
	podium: 'livecast',
	panel: 'livecast',
	lightning_talk: 'livecast',
	meeting: 'breakout',
	film: 'livecast',
	concert: 'livecast',
	djset: 'livecast',
	performance: 'livecast',
	other: 'livecast'
};

/**
 * Words that name the kind inside pretalx's free-text session types ("Talk 30 min + 10min Q&A",
 * "Workshop 60 Min", "LightningTalk"), first match wins.
 */
const KIND_BY_WORD: [RegExp, SessionKind][] = [
	[/keynote|plenary/, 'plenary'],
	[/workshop|breakout/, 'breakout'],
	[/brainstorm/, 'brainstorm'],
	[/talk|lecture|livecast|panel|podium|presentation/, 'livecast']
];

/** The session kind of a `type`; undefined when the type says nothing Plenair knows. */
function kindFromType(type: string): SessionKind | undefined {
	const key = type.trim().toLowerCase();
	if (Object.hasOwn(KIND_BY_TYPE, key)) return KIND_BY_TYPE[key];
	return KIND_BY_WORD.find(([word]) => word.test(key))?.[1];
}

/** The kind of a session whose type is missing or unknown. */
const DEFAULT_KIND: SessionKind = 'livecast';

/** Breakouts and brainstorms need a capacity; an import without one gets this. */
const DEFAULT_CAPACITY = 100;

/** The text itself when it already is a slug (as Plenair's own ids are), else its slugified form. */
const toSlug = (text: string) => (isSlug(text) && text.length <= 200 ? text : slugify(text));

/**
 * The session id in a slug Plenair exported, `<acronym>-<frab id>-<session id>`, when the meta
 * block knows that session; undefined for any other slug.
 */
function plenairSessionId(
	event: ScheduleEvent,
	acronym: string,
	meta: PlenairMeta | undefined
): string | undefined {
	const prefix = `${acronym}-${event.id}-`;
	if (!meta || event.id === undefined || !event.slug?.startsWith(prefix)) return undefined;
	const id = event.slug.slice(prefix.length);
	return Object.hasOwn(meta.sessions, id) ? id : undefined;
}

const CONFERENCE: Path = ['schedule', 'conference'];
const META: Path = [...CONFERENCE, 'meta', 'plenair'];

/** Something the conversion did on its own judgement, at its path in the schedule document. */
export interface ConversionWarning {
	path: Path;
	message: string;
}

/**
 * A schedule document as an event file, still to be validated, in the event's time zone `zone`
 * (the caller settles it: the file's, else one given). With Plenair's own meta block (an export
 * of Plenair) it restores what frab has no field for; otherwise it derives rooms, rounds and
 * kinds from the frab fields.
 */
export function scheduleToEventFile(
	doc: ScheduleDocument,
	zone: string
): {
	file: EventFileInput;
	sources: SourceMap;
	warnings: ConversionWarning[];
} {
	const conference = doc.schedule.conference;
	const meta: PlenairMeta | undefined = conference.meta?.plenair;
	const warnings: ConversionWarning[] = [];

	const flat: Flat[] = [];
	const sessionIds = new Set<string>();
	conference.days.forEach((day, d) =>
		Object.entries(day.rooms).forEach(([roomKey, events]) =>
			events.forEach((event, j) => {
				const start = Date.parse(event.date);
				const base =
					plenairSessionId(event, conference.acronym, meta) ??
					(toSlug(event.slug ?? '') || `session-${event.id ?? flat.length + 1}`);
				flat.push({
					event,
					path: [...CONFERENCE, 'days', d, 'rooms', roomKey, j],
					start,
					end: start + parseDuration(event.duration),
					id: uniqueSlug(base, sessionIds)
				});
			})
		)
	);
	// Kinds before sorting, so that the warnings come in document order.
	const kinds = new Map<Flat, SessionKind>();
	for (const f of flat) {
		const type = f.event.type?.trim() ?? '';
		const kind = type ? kindFromType(type) : DEFAULT_KIND;
		if (kind === undefined)
			warnings.push({
				path: [...f.path, 'type'],
				message: `unknown type ${JSON.stringify(type)}; the session becomes a ${DEFAULT_KIND}`
			});
		kinds.set(f, kind ?? DEFAULT_KIND);
	}
	flat.sort((a, b) => a.start - b.start || a.end - b.end);

	// Rooms: the listed ones in their order, then any only named by an event.
	const roomPaths = new Map<string, Path>();
	conference.rooms.forEach((room, i) => {
		if (!roomPaths.has(room.name)) roomPaths.set(room.name, [...CONFERENCE, 'rooms', i]);
	});
	for (const f of flat)
		if (!roomPaths.has(f.event.room)) roomPaths.set(f.event.room, [...f.path, 'room']);
	const metaRoomIds = new Map(meta?.rooms.map((r) => [r.name, r.id]));
	const roomIds = new Set<string>();
	const rooms = [...roomPaths.keys()].map((name) => ({
		id: uniqueSlug(metaRoomIds.get(name) ?? (slugify(name) || 'room'), roomIds),
		name
	}));
	const roomIdByName = new Map(rooms.map((r) => [r.name, r.id]));

	const { rounds, roundPaths, roundOf } = meta ? metaRounds(meta, flat) : groupedRounds(flat, zone);

	const sessions: SessionInput[] = flat.map((f) =>
		toSession(f, kinds.get(f)!, meta, zone, roomIdByName, roundOf)
	);

	const starts = [
		...conference.days.map((d) => Date.parse(d.day_start)),
		...flat.map((f) => f.start)
	];
	const ends = [...conference.days.map((d) => Date.parse(d.day_end)), ...flat.map((f) => f.end)];
	const earliest = starts.reduce((a, b) => Math.min(a, b));
	const latest = ends.reduce((a, b) => Math.max(a, b));
	const description = conference.description?.trim() ? conference.description : conference.title;

	const file: EventFileInput = {
		event: {
			slug:
				meta?.slug ??
				(slugify(conference.acronym.replace(/_/g, '-')) || slugify(conference.title) || 'event'),
			title: conference.title,
			...(meta?.subtitle !== undefined && { subtitle: meta.subtitle }),
			description,
			timezone: zone,
			start: isoInZone(earliest, zone),
			end: isoInZone(latest, zone),
			languages: meta?.languages ?? languagesOf(flat.map((f) => f.event.language)),
			...(meta && { access: meta.access }),
			...(meta?.organiser !== undefined && { organiser: meta.organiser })
		},
		rooms,
		rounds,
		sessions
	};
	return {
		file,
		sources: {
			sessions: flat.map((f) => f.path),
			rooms: [...roomPaths.values()],
			rounds: roundPaths
		},
		warnings
	};
}

interface Rounds {
	rounds: EventFileInput['rounds'];
	roundPaths: Path[];
	roundOf: Map<Flat, string>;
}

/** The rounds a Plenair export names in its meta block. */
function metaRounds(meta: PlenairMeta, flat: Flat[]): Rounds {
	const rounds = meta.rounds.map((r) => ({ ...r }));
	const known = new Set(rounds.map((r) => r.id));
	const roundOf = new Map<Flat, string>();
	for (const f of flat) {
		const round = metaSession(meta, f.id)?.round;
		if (round !== undefined && known.has(round)) roundOf.set(f, round);
	}
	return { rounds, roundPaths: meta.rounds.map((_, i) => [...META, 'rounds', i]), roundOf };
}

/**
 * Rounds of a schedule from elsewhere, which has none: events that start and end together in
 * different rooms form a round, named after their common track when they share one.
 */
function groupedRounds(flat: Flat[], zone: string): Rounds {
	const groups = new Map<string, Flat[]>();
	for (const f of flat) {
		const key = `${f.start}/${f.end}`;
		groups.set(key, [...(groups.get(key) ?? []), f]);
	}
	const ids = new Set<string>();
	const grouped = [...groups.values()]
		.filter((members) => new Set(members.map((m) => m.event.room)).size > 1)
		.sort((a, b) => a[0].start - b[0].start)
		.map((members, i) => {
			const tracks = new Set(members.map((m) => m.event.track?.trim() ?? ''));
			const track = tracks.size === 1 ? [...tracks][0] : '';
			return { id: uniqueSlug(slugify(track) || `round-${i + 1}`, ids), track, members };
		});
	return {
		rounds: grouped.map(({ id, track, members: [{ start, end }] }) => ({
			id,
			title: track || localTimeRange(start, end, zone),
			start: isoInZone(start, zone),
			end: isoInZone(end, zone),
			signup: false
		})),
		roundPaths: grouped.map((g) => g.members[0].path),
		roundOf: new Map(grouped.flatMap((g) => g.members.map((m) => [m, g.id] as const)))
	};
}

function toSession(
	f: Flat,
	kind: SessionKind,
	meta: PlenairMeta | undefined,
	zone: string,
	roomIds: Map<string, string>,
	roundOf: Map<Flat, string>
): SessionInput {
	const { event } = f;
	const extra = meta && metaSession(meta, f.id);
	const names = event.persons.map((p) => (p.name?.trim() || p.public_name?.trim()) ?? '');
	const roles = extra?.persons?.length === names.length ? extra.persons : undefined;
	const person = (i: number) => ({
		name: names[i],
		...(roles?.[i].title !== undefined && { role: roles[i].title }),
		...(roles?.[i].organisation !== undefined && { organisation: roles[i].organisation })
	});
	const indices = names.map((_, i) => i);
	const round = roundOf.get(f);
	const capacity = extra?.capacity ?? (isBroadcast(kind) ? undefined : DEFAULT_CAPACITY);
	return {
		id: f.id,
		kind,
		title: event.title,
		description: joinTexts(event.abstract, event.description) || event.title,
		start: isoInZone(f.start, zone),
		end: isoInZone(f.end, zone),
		room: roomIds.get(event.room)!,
		...(round !== undefined && { round }),
		...(capacity !== undefined && { capacity }),
		hosts: indices.filter((i) => roles?.[i].role === 'host').map(person),
		speakers: indices.filter((i) => roles?.[i].role !== 'host').map(person),
		resources: event.links.map((link) => ({
			title: link.title?.trim() || link.url,
			url: link.url
		})),
		record: event.do_not_record === false
	};
}

function metaSession(meta: PlenairMeta, id: string): MetaSession | undefined {
	return Object.hasOwn(meta.sessions, id) ? meta.sessions[id] : undefined;
}

/** pretalx has a short abstract and a longer description; Plenair one description. */
function joinTexts(abstract?: string | null, description?: string | null): string {
	const a = abstract?.trim() ?? '';
	const d = description?.trim() ?? '';
	if (!a) return d ? description! : '';
	if (!d) return abstract!;
	return a === d ? description! : `${a}\n\n${d}`;
}

function languagesOf(codes: (string | null | undefined)[]): Locale[] {
	const found = new Set(codes.map((c) => (c ?? '').toLowerCase().split(/[-_]/)[0]));
	const known = locales.filter((l) => found.has(l));
	return known.length > 0 ? known : [locales[0]];
}
