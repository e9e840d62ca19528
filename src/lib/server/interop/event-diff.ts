import { isDeepStrictEqual } from 'node:util';
import type { EventFile, Session } from '../../shared/event-schema.ts';

export interface FieldChange {
	field: string;
	/** Before and after, for fields short enough to show. */
	before?: string;
	after?: string;
	/** The text stays; only its other translations go (an import carries one language). */
	translationsOnly?: boolean;
}

export interface SessionsDiff {
	added: Session[];
	removed: Session[];
	changed: { id: string; changes: FieldChange[] }[];
}

const SHOWN = new Set(['kind', 'start', 'end', 'room', 'round', 'capacity', 'record']);
const FIELDS = [
	'kind',
	'title',
	'description',
	'start',
	'end',
	'room',
	'round',
	'capacity',
	'hosts',
	'speakers',
	'resources',
	'record'
] as const satisfies readonly (keyof Session)[];

/** What importing `after` over `before` would do to the sessions, matched by id. */
export function diffSessions(before: EventFile | undefined, after: EventFile): SessionsDiff {
	const old = new Map(before?.sessions.map((s) => [s.id, s]));
	const next = new Map(after.sessions.map((s) => [s.id, s]));
	return {
		added: after.sessions.filter((s) => !old.has(s.id)),
		removed: (before?.sessions ?? []).filter((s) => !next.has(s.id)),
		changed: after.sessions.flatMap((s) => {
			const previous = old.get(s.id);
			if (!previous) return [];
			const changes = FIELDS.filter((f) => !sameValue(f, previous[f], s[f])).map(
				(field): FieldChange =>
					SHOWN.has(field)
						? { field, before: show(previous[field]), after: show(s[field]) }
						: { field, ...(keepsText(previous[field], s[field]) && { translationsOnly: true }) }
			);
			return changes.length > 0 ? [{ id: s.id, changes }] : [];
		})
	};
}

function sameValue(field: string, a: unknown, b: unknown): boolean {
	// The same instant may be written with another offset.
	if ((field === 'start' || field === 'end') && typeof a === 'string' && typeof b === 'string')
		return Date.parse(a) === Date.parse(b);
	return isDeepStrictEqual(a, b);
}

/** Whether `after` is `before` with each translated text reduced to one of its translations. */
function keepsText(before: unknown, after: unknown): boolean {
	if (typeof after === 'string' && before !== null && typeof before === 'object')
		return !Array.isArray(before) && Object.values(before).includes(after);
	if (Array.isArray(before) && Array.isArray(after))
		return before.length === after.length && before.every((b, i) => keepsText(b, after[i]));
	if (isRecord(before) && isRecord(after)) {
		const keys = Object.keys(before);
		return (
			isDeepStrictEqual(keys.sort(), Object.keys(after).sort()) &&
			keys.every((k) => keepsText(before[k], after[k]))
		);
	}
	return isDeepStrictEqual(before, after);
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
	v !== null && typeof v === 'object' && !Array.isArray(v);

const show = (value: unknown) => (value === undefined ? '(none)' : String(value));
