import { describe, expect, it } from 'vitest';
import { loadEventFile } from '../../src/lib/server/event-file.ts';
import {
	liveSessions,
	localize,
	nextSlot,
	sessionStatus,
	timeline
} from '../../src/lib/shared/programme.ts';
import { formatCountdown, formatTime, zonesDiffer } from '../../src/lib/shared/time-format.ts';

const event = await loadEventFile('events/cooperatieven-maken-de-stad/event.yaml');
const at = (local: string) => Date.parse(`2022-01-17T${local}:00+01:00`);

describe('the programme timeline', () => {
	it('groups parallel sessions by round, in time order', () => {
		const slots = timeline(event);
		expect(
			slots.map((s) => [
				formatTime(s.start, 'Europe/Amsterdam', 'nl'),
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

describe('time formatting', () => {
	it('formats countdowns', () => {
		expect(formatCountdown(65_000)).toBe('01:05');
		expect(formatCountdown(3_725_000)).toBe('1:02:05');
		expect(formatCountdown(-5)).toBe('00:00');
	});

	it('tells when a viewer sees another wall-clock time', () => {
		expect(zonesDiffer(at('16:00'), 'Europe/Amsterdam', 'Europe/Paris')).toBe(false);
		expect(zonesDiffer(at('16:00'), 'Europe/Amsterdam', 'America/New_York')).toBe(true);
	});
});
