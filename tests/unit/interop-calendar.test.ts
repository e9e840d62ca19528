import ICAL from 'ical.js';
import { afterEach, describe, expect, it } from 'vitest';
import {
	programmeCalendar,
	sessionCalendar,
	sessionsCalendar,
	sessionUid
} from '../../src/lib/server/interop/calendar.ts';
import { exportSchedule } from '../../src/lib/server/interop/export-schedule.ts';
import { localize } from '../../src/lib/shared/programme.ts';
import { demo, ORIGIN } from './interop-support.ts';

const STAMP = Date.parse('2022-01-17T17:20:00+01:00');
const dutch = { origin: ORIGIN, locale: 'nl' as const, stamp: STAMP, sequences: new Map() };

function parse(ics: string) {
	const calendar = new ICAL.Component(ICAL.parse(ics));
	const zone = calendar.getFirstSubcomponent('vtimezone');
	if (zone) ICAL.TimezoneService.register(zone);
	const events = calendar.getAllSubcomponents('vevent').map((vevent) => ({
		vevent,
		event: new ICAL.Event(vevent)
	}));
	return { calendar, zone, events };
}

const find = (parsed: ReturnType<typeof parse>, title: string) =>
	parsed.events.find((e) => e.event.summary === title)!;

const originalTz = process.env.TZ;
afterEach(() => {
	process.env.TZ = originalTz;
});

describe('the iCalendar feeds', () => {
	it('parse with ical.js and carry the Europe/Amsterdam VTIMEZONE', () => {
		const parsed = parse(programmeCalendar(demo(), dutch));
		expect(parsed.calendar.getFirstPropertyValue('prodid')).toMatch(/Plenair/);
		expect(parsed.zone?.getFirstPropertyValue('tzid')).toBe('Europe/Amsterdam');
		expect(parsed.events).toHaveLength(13);
	});

	it('put every session at its time in Europe/Amsterdam, whatever zone the server runs in', () => {
		process.env.TZ = 'Pacific/Auckland';
		const parsed = parse(programmeCalendar(demo(), dutch));
		const { event, vevent } = find(parsed, 'Plenaire opening');
		expect(event.startDate.zone?.tzid).toBe('Europe/Amsterdam');
		expect(event.startDate.toString()).toBe('2022-01-17T18:30:00');
		expect(event.startDate.toJSDate().toISOString()).toBe('2022-01-17T17:30:00.000Z');
		expect(event.endDate.toJSDate().toISOString()).toBe('2022-01-17T18:30:00.000Z');
		const stamp = vevent.getFirstPropertyValue('dtstamp') as ICAL.Time;
		expect(stamp.zone?.tzid).toBe('UTC');
		expect(stamp.toJSDate().getTime()).toBe(STAMP);
		expect(event.location).toBe('Plenaire zaal');
		expect(event.description).toBe(
			localize(demo().sessions.find((s) => s.id === 'plenaire-opening')!.description, 'nl')
		);
		expect(vevent.getFirstPropertyValue('url')).toBe(`${ORIGIN}/sessions/plenaire-opening`);
	});

	it('use the schedule GUID as UID, stable when the session moves', () => {
		const options = { origin: ORIGIN, locale: 'en' as const, stamp: STAMP, sequences: new Map() };
		const before = find(parse(programmeCalendar(demo(), options)), 'Plenary opening');
		const edited = demo();
		const session = edited.sessions.find((s) => s.id === 'plenaire-opening')!;
		session.start = '2022-01-17T19:00:00+01:00';
		session.end = '2022-01-17T20:00:00+01:00';
		const after = find(
			parse(
				sessionCalendar(edited, session, {
					...options,
					sequences: new Map([['plenaire-opening', 1]])
				})
			),
			'Plenary opening'
		);

		const guid = exportSchedule(demo(), { origin: ORIGIN, locale: 'en' }).schedule.conference
			.days[0].rooms['Plenary hall'][0].guid;
		expect(before.event.uid).toBe(`${guid}@plenair`);
		expect(before.event.uid).toBe(sessionUid('cooperatieven-maken-de-stad', 'plenaire-opening'));
		expect(after.event.uid).toBe(before.event.uid);
		expect(before.event.sequence).toBe(0);
		expect(after.event.sequence).toBe(1);
		expect(after.event.startDate.toJSDate().toISOString()).toBe('2022-01-17T18:00:00.000Z');
		expect(after.event.location).toBe('Plenary hall');
	});

	it('end every line with CRLF, the last one too (RFC 5545)', () => {
		const event = demo();
		// Line breaks of every kind in a text are written escaped, never raw.
		event.sessions[0].description = { nl: 'een\r\ntwee\rdrie\nvier', en: 'one' };
		const feeds = {
			programme: programmeCalendar(event, dutch),
			session: sessionCalendar(event, event.sessions[0], dutch),
			personal: sessionsCalendar(event, [event.sessions[0], event.sessions[3]], dutch),
			empty: sessionsCalendar(event, [], dutch)
		};
		for (const [name, ics] of Object.entries(feeds)) {
			expect(ics, name).toMatch(/^BEGIN:VCALENDAR\r\n/);
			expect(ics.endsWith('END:VCALENDAR\r\n'), name).toBe(true);
			expect(ics, name).not.toMatch(/[^\r]\n|\r(?!\n)/);
		}
		expect(parse(feeds.session).events[0].event.description).toBe('een\ntwee\ndrie\nvier');
	});

	it('hold one event per session, each with its own UID', () => {
		const event = demo();
		const single = parse(sessionCalendar(event, event.sessions[2], dutch));
		expect(single.events).toHaveLength(1);
		expect(single.zone).not.toBeNull();
		const all = parse(programmeCalendar(event, dutch)).events.map((e) => e.event.uid);
		expect(new Set(all).size).toBe(13);
	});
});
