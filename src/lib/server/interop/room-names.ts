import type { Locale, Room } from '../../shared/event-schema.ts';
import { localize } from '../../shared/programme.ts';

/**
 * Each room's name as exported. frab files key rooms by name, so a name that two rooms share
 * gets the room id added to stay unique.
 */
export function exportedRoomNames(rooms: Room[], locale: Locale): Map<string, string> {
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
