import { describe, expect, it } from 'vitest';
import {
	eventDays,
	exportSchedule,
	timeslotMinutes
} from '../../src/lib/server/interop/export-schedule.ts';
import { sessionGuid } from '../../src/lib/server/interop/guid.ts';
import { importSchedule } from '../../src/lib/server/interop/import-schedule.ts';
import type { ScheduleEvent } from '../../src/lib/server/interop/schedule-schema.ts';
import { isoInZone } from '../../src/lib/shared/zoned-time.ts';
import { c3vocValidator, demo, ORIGIN } from './interop-support.ts';

const events = (doc: ReturnType<typeof exportSchedule>): ScheduleEvent[] =>
	doc.schedule.conference.days.flatMap((day) => Object.values(day.rooms).flat());

/** The exported event of a session: its slug is `<acronym>-<frab id>-<session id>`. */
const bySession = (doc: ReturnType<typeof exportSchedule>, sessionId: string) =>
	events(doc).find((e) => e.slug === `${doc.schedule.conference.acronym}-${e.id}-${sessionId}`)!;

describe('schedule.json export', () => {
	it('validates against the published c3voc schedule schema', () => {
		const validate = c3vocValidator();
		for (const locale of ['nl', 'en'] as const) {
			const valid = validate(exportSchedule(demo(), { origin: ORIGIN, locale }));
			expect(validate.errors ?? []).toEqual([]);
			expect(valid).toBe(true);
		}
	});

	it('is checked by a validator that does refuse a broken document', () => {
		const validate = c3vocValidator();
		const doc = exportSchedule(demo(), { origin: ORIGIN, locale: 'nl' }) as any;
		delete doc.schedule.conference.days[0].rooms['Zaal A'][0].guid;
		doc.schedule.conference.days[0].rooms['Zaal A'][1].duration = 'an hour';
		expect(validate(doc)).toBe(false);
		expect(validate.errors!.map((e) => e.instancePath)).toEqual(
			expect.arrayContaining(['/schedule/conference/days/0/rooms/Zaal A/1/duration'])
		);
	});

	it('gives every session a c3voc slug: acronym, frab id and session id', () => {
		const doc = exportSchedule(demo(), { origin: ORIGIN, locale: 'nl' });
		const opening = bySession(doc, 'plenaire-opening');
		expect(opening.slug).toBe(`cooperatieven_maken_de_stad-${opening.id}-plenaire-opening`);
		// The XSD's voc-slug-new (XSD patterns match the whole value).
		for (const event of events(doc)) expect(event.slug).toMatch(/^[a-z0-9_]{4,}-[a-z0-9\-_]{4,}$/);
		expect(new Set(events(doc).map((e) => e.slug)).size).toBe(events(doc).length);
	});

	it('pads a short event slug to the four characters an acronym needs', () => {
		const event = demo();
		event.event.slug = 'ohm';
		const doc = exportSchedule(event, { origin: ORIGIN, locale: 'nl' });
		expect(doc.schedule.conference.acronym).toBe('ohm_');
		expect(bySession(doc, 'plenaire-opening').slug).toMatch(/^ohm_-\d+-plenaire-opening$/);
		const validate = c3vocValidator();
		expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
	});

	it('says Plenair made it and gives the times in the event zone', () => {
		const doc = exportSchedule(demo(), { origin: ORIGIN, locale: 'nl' });
		expect(doc.generator).toEqual({ name: 'Plenair', version: expect.any(String) });
		const conference = doc.schedule.conference;
		expect(conference).toMatchObject({
			acronym: 'cooperatieven_maken_de_stad',
			title: 'Coöperatieven maken de stad',
			start: '2022-01-17',
			end: '2022-01-17',
			daysCount: 1,
			time_zone_name: 'Europe/Amsterdam',
			url: `${ORIGIN}/`
		});
		expect(conference.rooms!.map((r) => r.name)).toEqual([
			'Plenaire zaal',
			'Zaal A',
			'Zaal B',
			'Zaal C'
		]);
		expect(conference.days[0]).toMatchObject({
			day_start: '2022-01-17T16:00:00+01:00',
			day_end: '2022-01-17T22:00:00+01:00'
		});
		expect(events(doc)).toHaveLength(13);
		expect(bySession(doc, 'plenaire-opening')).toMatchObject({
			date: '2022-01-17T18:30:00+01:00',
			start: '18:30',
			duration: '01:00',
			room: 'Plenaire zaal',
			url: `${ORIGIN}/sessions/plenaire-opening`,
			title: 'Plenaire opening',
			type: 'plenary',
			track: 'plenary',
			language: 'nl',
			do_not_record: false
		});
		expect(bySession(doc, 'toekomst-wooncooperatie')).toMatchObject({
			type: 'breakout',
			track: 'Break-out ronde I',
			persons: [{ name: 'Wooncoöperatie De Warren' }],
			links: [{ url: 'https://dewarren.nl', title: 'Wooncoöperatie De Warren' }]
		});
		expect(bySession(doc, 'brainstorm-cooperatieve-tech').do_not_record).toBe(true);
	});

	it('writes the other language on request', () => {
		const doc = exportSchedule(demo(), { origin: ORIGIN, locale: 'en' });
		expect(doc.schedule.conference.title).toBe('Cooperatives make the city');
		expect(bySession(doc, 'plenaire-opening')).toMatchObject({
			title: 'Plenary opening',
			room: 'Plenary hall',
			language: 'en'
		});
	});

	it('keeps GUIDs and ids of a session when its time and title change', () => {
		const before = exportSchedule(demo(), { origin: ORIGIN, locale: 'nl' });
		const edited = demo();
		const opening = edited.sessions.find((s) => s.id === 'plenaire-opening')!;
		opening.start = '2022-01-17T18:45:00+01:00';
		opening.title = 'Opening, later';
		const after = exportSchedule(edited, { origin: ORIGIN, locale: 'nl' });

		const [a, b] = [bySession(before, 'plenaire-opening'), bySession(after, 'plenaire-opening')];
		expect(b.start).toBe('18:45');
		expect(b.guid).toBe(a.guid);
		expect(b.id).toBe(a.id);
		expect(a.guid).toBe(sessionGuid('cooperatieven-maken-de-stad', 'plenaire-opening'));
		expect(a.guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
		expect(after.schedule.version).not.toBe(before.schedule.version);

		const all = events(before);
		expect(new Set(all.map((e) => e.guid)).size).toBe(all.length);
		expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
	});

	it('gives the same document for the same programme', () => {
		const a = exportSchedule(demo(), { origin: ORIGIN, locale: 'nl' });
		const b = exportSchedule(demo(), { origin: `${ORIGIN}/some/page`, locale: 'nl' });
		expect(JSON.stringify(b)).toBe(JSON.stringify(a));
	});
});

describe('export → import → export', () => {
	it.each(['nl', 'en'] as const)('gives the identical schedule.json (%s)', (locale) => {
		const first = JSON.stringify(exportSchedule(demo(), { origin: ORIGIN, locale }), null, 2);
		const imported = importSchedule(first);
		if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
		const second = JSON.stringify(
			exportSchedule(imported.file, { origin: ORIGIN, locale }),
			null,
			2
		);
		expect(second).toBe(first);
	});

	it('reads the session ids back from the slugs, also from the bare ids older exports wrote', () => {
		const doc = exportSchedule(demo(), { origin: ORIGIN, locale: 'nl' });
		const ids = demo()
			.sessions.map((s) => s.id)
			.sort();
		const current = importSchedule(JSON.stringify(doc));
		if (!current.ok) throw new Error(JSON.stringify(current.problems));
		expect(current.file.sessions.map((s) => s.id).sort()).toEqual(ids);
		// Earlier Plenair exports wrote the bare session id as the slug.
		for (const event of events(doc)) event.slug = event.slug!.replace(/^[^-]+-\d+-/, '');
		const older = importSchedule(JSON.stringify(doc));
		if (!older.ok) throw new Error(JSON.stringify(older.problems));
		expect(older.file.sessions.map((s) => s.id).sort()).toEqual(ids);
	});

	it('restores what frab has no field for from the Plenair meta block', () => {
		const text = JSON.stringify(exportSchedule(demo(), { origin: ORIGIN, locale: 'nl' }));
		const imported = importSchedule(text);
		if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
		const original = demo();
		const file = imported.file;
		expect(file.event).toMatchObject({
			slug: original.event.slug,
			timezone: 'Europe/Amsterdam',
			access: 'open',
			languages: ['nl', 'en'],
			subtitle: 'Online werkconferentie'
		});
		expect(Date.parse(file.event.start)).toBe(Date.parse(original.event.start));
		expect(Date.parse(file.event.end)).toBe(Date.parse(original.event.end));
		expect(file.rooms.map((r) => r.id)).toEqual(original.rooms.map((r) => r.id));
		expect(file.rounds.map((r) => [r.id, r.signup])).toEqual(
			original.rounds.map((r) => [r.id, r.signup])
		);
		for (const session of original.sessions) {
			const copy = file.sessions.find((s) => s.id === session.id)!;
			const pick = (s: typeof session) => [s.kind, s.room, s.round, s.capacity, s.record];
			expect(pick(copy)).toEqual(pick(session));
			expect(Date.parse(copy.start)).toBe(Date.parse(session.start));
			expect(Date.parse(copy.end)).toBe(Date.parse(session.end));
			expect(copy.hosts.map((h) => h.name)).toEqual(session.hosts.map((h) => h.name));
			expect(copy.resources.map((r) => r.url)).toEqual(session.resources.map((r) => r.url));
		}
		// The one loss: texts come back in the exported language only.
		expect(file.sessions.find((s) => s.id === 'plenaire-opening')!.title).toBe('Plenaire opening');
	});
});

const AMS = 'Europe/Amsterdam';

describe('schedule days', () => {
	it('cuts an event into local calendar days', () => {
		const days = eventDays(
			Date.parse('2022-03-26T18:00:00+01:00'),
			Date.parse('2022-03-28T00:00:00+02:00'),
			AMS
		);
		expect(days.map((d) => [d.date, isoInZone(d.start, AMS), isoInZone(d.end, AMS)])).toEqual([
			['2022-03-26', '2022-03-26T18:00:00+01:00', '2022-03-27T00:00:00+01:00'],
			['2022-03-27', '2022-03-27T00:00:00+01:00', '2022-03-28T00:00:00+02:00']
		]);
	});

	it('derives the timeslot from the session times', () => {
		const at = (t: string) => Date.parse(`2022-01-17T${t}:00+01:00`);
		expect(timeslotMinutes([at('16:00'), at('17:15'), at('18:30')], AMS)).toBe(15);
		expect(timeslotMinutes([at('16:00'), at('17:00')], AMS)).toBe(60);
		expect(timeslotMinutes([at('16:05')], AMS)).toBe(5);
	});
});
