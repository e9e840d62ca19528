import type { EventFile, Session } from './event-schema.ts';

/** Something in a programme that cannot happen: the editor shows these and refuses to save. */
export type Clash =
	/** Two sessions in one room at once. */
	| { kind: 'room'; room: string; sessions: [string, string] }
	/** One person (host or speaker, by name) in two sessions at once. */
	| { kind: 'person'; person: string; sessions: [string, string] }
	/** Two rounds whose times overlap. */
	| { kind: 'rounds'; rounds: [string, string] };

interface Span {
	start: string;
	end: string;
}

const overlap = (a: Span, b: Span) =>
	Date.parse(a.start) < Date.parse(b.end) && Date.parse(b.start) < Date.parse(a.end);

const people = (session: Session) =>
	new Set(
		[...session.hosts, ...session.speakers].map((p) => p.name.trim().toLocaleLowerCase('nl'))
	);

/** Every clash, each pair once, in programme order. */
export function findClashes(event: EventFile): Clash[] {
	const clashes: Clash[] = [];
	const sessions = [...event.sessions].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
	for (let i = 0; i < sessions.length; i++)
		for (let j = i + 1; j < sessions.length; j++) {
			const [a, b] = [sessions[i], sessions[j]];
			if (!overlap(a, b)) continue;
			if (a.room === b.room) clashes.push({ kind: 'room', room: a.room, sessions: [a.id, b.id] });
			const inB = people(b);
			for (const person of [...a.hosts, ...a.speakers])
				if (inB.has(person.name.trim().toLocaleLowerCase('nl'))) {
					clashes.push({ kind: 'person', person: person.name, sessions: [a.id, b.id] });
					break;
				}
		}
	for (let i = 0; i < event.rounds.length; i++)
		for (let j = i + 1; j < event.rounds.length; j++)
			if (overlap(event.rounds[i], event.rounds[j]))
				clashes.push({ kind: 'rounds', rounds: [event.rounds[i].id, event.rounds[j].id] });
	return clashes;
}
