import { stringify } from 'yaml';
import { EventFileSchema, TimeZoneSchema, type EventFile } from '../../shared/event-schema.ts';
import { offsetMinutes } from '../../shared/zoned-time.ts';
import { decodeScheduleBytes, MAX_SCHEDULE_BYTES } from './schedule-bytes.ts';
import { ScheduleDocumentSchema, settleLenient, type ScheduleDocument } from './schedule-schema.ts';
import { scheduleToEventFile, type SourceMap } from './schedule-to-event-file.ts';

export { decodeScheduleBytes, MAX_SCHEDULE_BYTES };
export type { DecodeResult } from './schedule-bytes.ts';

const MAX_DEPTH = 32;
/** More warnings than this are summed up in one last warning. */
export const MAX_WARNINGS = 100;

/** What is wrong where: a JSON path in the schedule document and the reason. */
export interface Problem {
	path: string;
	message: string;
}

export interface ImportOptions {
	/**
	 * The event's IANA time zone (e.g. "Europe/Amsterdam") for a schedule that names none. A file
	 * that names one keeps its own; a different one given here is then a warning.
	 */
	timeZone?: string;
}

/**
 * An imported event file with what was left out or guessed on the way (`warnings`), or every
 * problem that refuses the file. Both name a JSON path in the schedule document.
 */
export type ImportResult =
	{ ok: true; file: EventFile; warnings: Problem[] } | { ok: false; problems: Problem[] };

/** Where a missing or refused time zone is reported. */
export const ZONE_PATH = 'schedule.conference.time_zone_name';

/**
 * A frab / c3voc schedule.json (text) as a validated Plenair event file with a warning for each
 * optional part that was wrong and left out, or every problem with its JSON path in the schedule
 * document and the reason.
 */
export function importSchedule(text: string, options: ImportOptions = {}): ImportResult {
	if (text.length > MAX_SCHEDULE_BYTES)
		return refuse('(document)', `larger than ${MAX_SCHEDULE_BYTES / 1024 / 1024} MB`);
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch (error) {
		return refuse('(document)', `not valid JSON: ${(error as Error).message}`);
	}
	return importScheduleValue(json, options);
}

/** `importSchedule` of a file's bytes (an upload, a file read), refused unless UTF-8. */
export function importScheduleBytes(bytes: Uint8Array, options: ImportOptions = {}): ImportResult {
	const decoded = decodeScheduleBytes(bytes);
	return decoded.ok ? importSchedule(decoded.text, options) : decoded;
}

function importScheduleValue(json: unknown, options: ImportOptions): ImportResult {
	const hazards = jsonHazards(json);
	if (hazards.length > 0) return { ok: false, problems: hazards };

	const parsed = ScheduleDocumentSchema.safeParse(json);
	const zone = eventZone(json, options);
	if (!parsed.success || !zone.ok)
		return {
			ok: false,
			problems: [
				...(parsed.success
					? []
					: parsed.error.issues.map((i) => ({
							path: formatJsonPath(i.path),
							message: i.message
						}))),
				...(!zone.ok && zone.problem ? [zone.problem] : [])
			]
		};

	const warnings: Problem[] = settleLenient(parsed.data, json).map((w) => ({
		path: formatJsonPath(w.path),
		message: w.message
	}));
	if (zone.warning) warnings.push(zone.warning);
	const offset = offsetWarning(parsed.data, zone.zone);
	if (offset) warnings.push(offset);

	const { file, sources, warnings: guesses } = scheduleToEventFile(parsed.data, zone.zone);
	for (const w of guesses) warnings.push({ path: formatJsonPath(w.path), message: w.message });
	const result = EventFileSchema.safeParse(file);
	if (!result.success)
		return {
			ok: false,
			problems: result.error.issues.map((i) => ({
				path: formatJsonPath(sourcePath(i.path, sources)),
				message: `${formatJsonPath(i.path)} (Plenair): ${i.message}`
			}))
		};
	return { ok: true, file: result.data, warnings: capped(warnings) };
}

function capped(warnings: Problem[]): Problem[] {
	if (warnings.length <= MAX_WARNINGS) return warnings;
	return [
		...warnings.slice(0, MAX_WARNINGS - 1),
		{
			path: '(document)',
			message: `${warnings.length - MAX_WARNINGS + 1} more warnings like these`
		}
	];
}

type ZoneChoice =
	| { ok: true; zone: string; warning?: Problem }
	/** Without a problem when the file's zone is invalid: the schema reports that. */
	| { ok: false; problem?: Problem };

/**
 * The event's time zone: the file's `time_zone_name`, else the one given. Never UTC by default:
 * an instant's offset does not say which zone's rules (summer time) the event follows. A zone
 * given that differs from the file's is ignored with a warning, because the file's producer
 * knew the event; a file's unknown zone is the schema's problem to report.
 */
function eventZone(json: unknown, { timeZone }: ImportOptions): ZoneChoice {
	const given = timeZone?.trim() || undefined;
	if (given !== undefined && !TimeZoneSchema.safeParse(given).success)
		return {
			ok: false,
			problem: {
				path: ZONE_PATH,
				message: `the time zone given, ${JSON.stringify(given)}, is not an IANA time zone (e.g. Europe/Amsterdam)`
			}
		};
	const conference = (json as { schedule?: { conference?: { time_zone_name?: unknown } } })
		?.schedule?.conference;
	const inFile = conference?.time_zone_name;
	if (inFile !== undefined && inFile !== null) {
		if (typeof inFile !== 'string' || !TimeZoneSchema.safeParse(inFile).success)
			return { ok: false };
		const warning =
			given !== undefined && canonicalZone(given) !== canonicalZone(inFile)
				? {
						path: ZONE_PATH,
						message: `the file's time zone ${inFile} is used, not ${given} as given`
					}
				: undefined;
		return { ok: true, zone: inFile, warning };
	}
	if (given !== undefined) return { ok: true, zone: canonicalZone(given) };
	return {
		ok: false,
		problem: {
			path: ZONE_PATH,
			message:
				'the file names no time zone: give the one the event takes place in, e.g. ' +
				'Europe/Amsterdam (times are not assumed to be UTC)'
		}
	};
}

/** "europe/amsterdam" as "Europe/Amsterdam"; a zone the runtime spells otherwise stays as given. */
function canonicalZone(zone: string): string {
	try {
		const resolved = new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
		return resolved.toLowerCase() === zone.toLowerCase() ? resolved : zone;
	} catch {
		return zone;
	}
}

/**
 * A warning when the times in the file carry an offset the event's zone does not have at that
 * moment (a zone given for the wrong place, or a producer's mistake). The instants are imported
 * as written either way; the zone only decides how they read.
 */
function offsetWarning(doc: ScheduleDocument, zone: string): Problem | undefined {
	const conference = doc.schedule.conference;
	const instants: [PropertyKey[], string][] = conference.days.flatMap((day, d) => [
		[['schedule', 'conference', 'days', d, 'day_start'], day.day_start] as [PropertyKey[], string],
		...Object.entries(day.rooms).flatMap(([room, events]) =>
			events.map(
				(e, j) =>
					[['schedule', 'conference', 'days', d, 'rooms', room, j, 'date'], e.date] as [
						PropertyKey[],
						string
					]
			)
		)
	]);
	for (const [path, instant] of instants) {
		const written = writtenOffset(instant);
		const actual = offsetMinutes(instant, zone);
		if (written !== actual)
			return {
				path: formatJsonPath(path),
				message:
					`written with offset ${formatOffset(written)}, but ${zone} is at ` +
					`${formatOffset(actual)} then: check the time zone (the times are imported as the ` +
					`moments they name)`
			};
	}
	return undefined;
}

/** The offset an ISO 8601 instant is written with, in minutes. */
function writtenOffset(instant: string): number {
	const match = /([+-])(\d{2}):?(\d{2})$/.exec(instant);
	if (!match) return 0; // "Z"
	const minutes = Number(match[2]) * 60 + Number(match[3]);
	return match[1] === '-' ? -minutes : minutes;
}

const formatOffset = (minutes: number) => {
	const sign = minutes < 0 ? '-' : '+';
	const abs = Math.abs(minutes);
	return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
};

const refuse = (path: string, message: string): ImportResult => ({
	ok: false,
	problems: [{ path, message }]
});

/** The schedule fields each event-file field is made from. */
const SESSION_FIELD: Record<string, string> = {
	id: 'slug',
	kind: 'type',
	title: 'title',
	description: 'description',
	start: 'date',
	end: 'duration',
	room: 'room',
	round: 'track',
	hosts: 'persons',
	speakers: 'persons',
	resources: 'links'
};

const EVENT_FIELD: Record<string, string> = {
	slug: 'acronym',
	title: 'title',
	description: 'description',
	timezone: 'time_zone_name',
	start: 'days',
	end: 'days'
};

function sourcePath(path: PropertyKey[], sources: SourceMap): PropertyKey[] {
	const [part, index, field, ...rest] = path;
	const conference = ['schedule', 'conference'];
	const lookup = (table: Record<string, string>) =>
		typeof field === 'string' && Object.hasOwn(table, field) ? [table[field]] : [];
	if (part === 'sessions' && typeof index === 'number' && sources.sessions[index]) {
		const restPath = field === 'resources' ? rest : [];
		return [...sources.sessions[index], ...lookup(SESSION_FIELD), ...restPath];
	}
	if (part === 'rooms' && typeof index === 'number' && sources.rooms[index])
		return sources.rooms[index];
	if (part === 'rounds' && typeof index === 'number' && sources.rounds[index])
		return sources.rounds[index];
	if (part === 'event' && typeof index === 'string' && Object.hasOwn(EVENT_FIELD, index))
		return [...conference, EVENT_FIELD[index]];
	return conference;
}

/** `schedule.conference.days[0].rooms["Zaal A"][1].title`: a path as a reader would type it. */
function formatJsonPath(path: readonly PropertyKey[]): string {
	if (path.length === 0) return '(document)';
	return path
		.map((key, i) => {
			if (typeof key === 'number') return `[${key}]`;
			const name = String(key);
			if (/^[A-Za-z_$][\w$]*$/.test(name)) return i === 0 ? name : `.${name}`;
			return `[${JSON.stringify(name)}]`;
		})
		.join('');
}

/**
 * Problems of a parsed JSON value that no schema sees: nesting deep enough to be an attack and
 * "__proto__" keys, which some object copies would turn into a prototype change.
 */
function jsonHazards(value: unknown): Problem[] {
	const problems: Problem[] = [];
	const stack: { value: unknown; path: PropertyKey[] }[] = [{ value, path: [] }];
	while (stack.length > 0 && problems.length < 50) {
		const { value: node, path } = stack.pop()!;
		if (node === null || typeof node !== 'object') continue;
		if (path.length > MAX_DEPTH) {
			problems.push({ path: formatJsonPath(path), message: `nested deeper than ${MAX_DEPTH}` });
			continue;
		}
		for (const key of Object.keys(node)) {
			if (key === '__proto__') {
				problems.push({ path: formatJsonPath([...path, key]), message: 'this key is not allowed' });
				continue;
			}
			const child: unknown = (node as Record<string, unknown>)[key];
			stack.push({ value: child, path: [...path, Array.isArray(node) ? Number(key) : key] });
		}
	}
	return problems;
}

/** The event file as YAML, without the empty lists and defaults the schema fills in. */
export function eventFileYaml(file: EventFile, source: string): string {
	const sessions = file.sessions.map((s) =>
		Object.fromEntries(Object.entries(s).filter(([, v]) => !(Array.isArray(v) && v.length === 0)))
	);
	return (
		`# Imported from ${source.replace(/[\p{C}]/gu, '?')} by Plenair (npm run import-schedule).\n` +
		stringify({ ...file, sessions }, { lineWidth: 100 })
	);
}
