import type { EventFile, Locale, LocalizedText, Round, Session } from './event-schema.ts';

export function localize(text: LocalizedText, locale: Locale): string {
	if (typeof text === 'string') return text;
	return text[locale] ?? text.nl ?? text.en ?? '';
}

/**
 * One language's own text, '' when it has none (a plain string is the event's Dutch): for
 * editing both languages side by side.
 */
export function textIn(text: LocalizedText | undefined, lang: Locale): string {
	if (text === undefined) return '';
	if (typeof text === 'string') return lang === 'nl' ? text : '';
	return text[lang] ?? '';
}

export type SessionStatus = 'past' | 'live' | 'upcoming';

export function sessionStatus(session: Pick<Session, 'start' | 'end'>, now: number): SessionStatus {
	if (now < Date.parse(session.start)) return 'upcoming';
	if (now < Date.parse(session.end)) return 'live';
	return 'past';
}

/** One line of the timeline: a round of parallel sessions, or a session on its own. */
export type TimelineSlot =
	| { type: 'round'; id: string; start: string; end: string; round: Round; sessions: Session[] }
	| { type: 'session'; id: string; start: string; end: string; session: Session };

const byStart = (a: { start: string }, b: { start: string }) =>
	Date.parse(a.start) - Date.parse(b.start);

export function timeline(event: EventFile): TimelineSlot[] {
	const slots: TimelineSlot[] = event.rounds.map((round) => ({
		type: 'round',
		id: round.id,
		start: round.start,
		end: round.end,
		round,
		sessions: event.sessions.filter((s) => s.round === round.id).sort(byStart)
	}));
	for (const session of event.sessions) {
		if (session.round === undefined)
			slots.push({
				type: 'session',
				id: session.id,
				start: session.start,
				end: session.end,
				session
			});
	}
	return slots.sort(byStart);
}

export function liveSessions(event: EventFile, now: number): Session[] {
	return event.sessions.filter((s) => sessionStatus(s, now) === 'live').sort(byStart);
}

/** The earliest slot that has not begun yet. */
export function nextSlot(event: EventFile, now: number): TimelineSlot | undefined {
	return timeline(event).find((slot) => Date.parse(slot.start) > now);
}

export function findSession(event: EventFile, id: string): Session | undefined {
	return event.sessions.find((s) => s.id === id);
}
