import { describe, expect, it } from 'vitest';
import { loadEventFile } from '../../src/lib/server/event-file.ts';
import {
	liveSessions,
	localize,
	nextSlot,
	sessionStatus,
	timeline
} from '../../src/lib/shared/programme.ts';
import { localTime } from '../../src/lib/shared/zoned-time.ts';

const event = await loadEventFile('events/cooperatieven-maken-de-stad/event.yaml');
const at = (local: string) => Date.parse(`2022-01-17T${local}:00+01:00`);

describe('the programme timeline', () => {
	it('groups parallel sessions by round, in time order', () => {
		const slots = timeline(event);
		expect(
			slots.map((s) => [
				localTime(s.start, 'Europe/Amsterdam'),
				s.type === 'round' ? s.sessions.length : 1
			])
		).toEqual([
			['16:00', 2],
			['17:15', 3],
			['18:30', 1],
			['19:45', 3],
			['20:30', 3],
			['21:30', 1]
		]);
	});

	it('knows what is live and what comes next', () => {
		expect(liveSessions(event, at('17:20')).map((s) => s.round)).toEqual([
			'ronde-1',
			'ronde-1',
			'ronde-1'
		]);
		expect(nextSlot(event, at('17:20'))?.id).toBe('plenaire-opening');
		expect(liveSessions(event, at('18:20'))).toEqual([]);
		expect(liveSessions(event, at('21:45')).map((s) => s.id)).toEqual(['plenaire-afsluiting']);
		expect(nextSlot(event, at('21:45'))).toBeUndefined();
	});

	it('treats the end instant as past', () => {
		const s = { start: '2022-01-17T16:00:00+01:00', end: '2022-01-17T17:00:00+01:00' };
		expect(sessionStatus(s, at('15:59'))).toBe('upcoming');
		expect(sessionStatus(s, at('16:00'))).toBe('live');
		expect(sessionStatus(s, at('17:00'))).toBe('past');
	});

	it('falls back to Dutch when a text has no translation', () => {
		expect(localize({ nl: 'Zaal' }, 'en')).toBe('Zaal');
		expect(localize({ nl: 'Zaal', en: 'Room' }, 'en')).toBe('Room');
		expect(localize('Plenair', 'en')).toBe('Plenair');
	});
});
