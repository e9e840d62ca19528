import { slugify, uniqueSlug } from '../../shared/slug.ts';
import { localTime } from '../../shared/zoned-time.ts';

export interface Timed {
	start: number;
	end: number;
	room: string;
	track?: string | null;
}

export interface GroupedRound<T> {
	id: string;
	title: string;
	start: number;
	end: number;
	members: T[];
}

/**
 * Rounds of a schedule that has none of its own: events that start and end together in
 * different rooms form a round, named after their common track when they share one.
 */
export function groupRounds<T extends Timed>(
	events: T[],
	timeZone: string,
	takenIds: Set<string>
): GroupedRound<T>[] {
	const groups = new Map<string, T[]>();
	for (const event of events) {
		const key = `${event.start}/${event.end}`;
		groups.set(key, [...(groups.get(key) ?? []), event]);
	}
	return [...groups.values()]
		.filter((members) => new Set(members.map((m) => m.room)).size > 1)
		.sort((a, b) => a[0].start - b[0].start)
		.map((members, i) => {
			const { start, end } = members[0];
			const tracks = new Set(members.map((m) => m.track?.trim() ?? ''));
			const track = tracks.size === 1 ? [...tracks][0] : '';
			const title = track || `${localTime(start, timeZone)}–${localTime(end, timeZone)}`;
			const id = uniqueSlug(slugify(track) || `round-${i + 1}`, takenIds);
			return { id, title, start, end, members };
		});
}
