import { stringify } from 'yaml';
import { EventFileSchema, type EventFile } from '../../shared/event-schema.ts';
import { ScheduleDocumentSchema } from './schedule-schema.ts';
import { scheduleToEventFile, type SourceMap } from './schedule-to-event-file.ts';

export const MAX_SCHEDULE_BYTES = 20 * 1024 * 1024;
const MAX_DEPTH = 32;

/** What is wrong where: a JSON path in the schedule document and the reason. */
export interface Problem {
	path: string;
	message: string;
}

export type ImportResult = { ok: true; file: EventFile } | { ok: false; problems: Problem[] };

/**
 * A frab / c3voc schedule.json (text) as a validated Plenair event file, or every problem with
 * its JSON path in the schedule document and the reason.
 */
export function importSchedule(text: string): ImportResult {
	if (text.length > MAX_SCHEDULE_BYTES)
		return refuse('(document)', `larger than ${MAX_SCHEDULE_BYTES / 1024 / 1024} MB`);
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch (error) {
		return refuse('(document)', `not valid JSON: ${(error as Error).message}`);
	}
	return importScheduleValue(json);
}

function importScheduleValue(json: unknown): ImportResult {
	const hazards = jsonHazards(json);
	if (hazards.length > 0) return { ok: false, problems: hazards };

	const parsed = ScheduleDocumentSchema.safeParse(json);
	if (!parsed.success)
		return {
			ok: false,
			problems: parsed.error.issues.map((i) => ({
				path: formatJsonPath(i.path),
				message: i.message
			}))
		};

	const { file, sources } = scheduleToEventFile(parsed.data);
	const result = EventFileSchema.safeParse(file);
	if (!result.success)
		return {
			ok: false,
			problems: result.error.issues.map((i) => ({
				path: formatJsonPath(sourcePath(i.path, sources)),
				message: `${formatJsonPath(i.path)} (Plenair): ${i.message}`
			}))
		};
	return { ok: true, file: result.data };
}

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
