import { EventFileSchema, type EventFile } from '../../shared/event-schema.ts';
import { jsonHazards } from './json-guard.ts';
import { formatJsonPath, type Problem } from './json-path.ts';
import { ScheduleDocumentSchema } from './schedule-schema.ts';
import { scheduleToEventFile, type SourceMap } from './schedule-to-event-file.ts';

export const MAX_SCHEDULE_BYTES = 20 * 1024 * 1024;

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

export function importScheduleValue(json: unknown): ImportResult {
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
