import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import ICAL from 'ical.js';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RunningRedis } from '../../server/children/redis-server.ts';
import { parseEventFile } from '../../src/lib/server/event-file.ts';
import { sessionCalendar } from '../../src/lib/server/interop/calendar.ts';
import { sessionSequences } from '../../src/lib/server/interop/calendar-sequence.ts';
import { calendarKeys } from '../../src/lib/server/redis-keys.ts';
import type { ScheduleDocument } from '../../src/lib/server/interop/schedule-schema.ts';
import { startApp, type AppProcess } from '../support/app-process.ts';

const DEMO = 'events/cooperatieven-maken-de-stad/event.yaml';

function events(ics: string) {
	const calendar = new ICAL.Component(ICAL.parse(ics));
	const zone = calendar.getFirstSubcomponent('vtimezone');
	if (zone) ICAL.TimezoneService.register(zone);
	return { zone, events: calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v)) };
}

describe('the interop endpoints of the running app', () => {
	let app: AppProcess;
	beforeAll(async () => {
		app = await startApp({ PLENAIR_NOW: '2022-01-17T17:20:00+01:00' });
	});
	afterAll(() => app?.stop());

	it('serve schedule.json with links to the session pages', async () => {
		const res = await fetch(`${app.url}/schedule.json?lang=en`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/json');
		const doc = (await res.json()) as ScheduleDocument;
		expect(doc.generator?.name).toBe('Plenair');
		expect(doc.schedule.base_url).toBe(`${app.url}/`);
		const all = doc.schedule.conference.days.flatMap((d) => Object.values(d.rooms).flat());
		expect(all).toHaveLength(13);
		const opening = all.find((e) => e.slug?.endsWith('-plenaire-opening'))!;
		expect(opening).toMatchObject({ title: 'Plenary opening', start: '18:30' });
		expect(opening.slug).toBe(`cooperatieven_maken_de_stad-${opening.id}-plenaire-opening`);
		expect(opening.url).toBe(`${app.url}/sessions/plenaire-opening`);
		expect((await fetch(opening.url!)).status).toBe(200);
	});

	it('serve schedule.xml', async () => {
		const res = await fetch(`${app.url}/schedule.xml`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/xml');
		const { schedule } = new XMLParser({ ignoreAttributes: false }).parse(await res.text());
		expect(schedule.generator['@_name']).toBe('Plenair');
		expect(schedule.conference.acronym).toBe('cooperatieven_maken_de_stad');
	});

	it('serve the whole programme as an iCalendar feed', async () => {
		const res = await fetch(`${app.url}/calendar.ics`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
		expect(res.headers.get('content-disposition')).toBe(
			'attachment; filename="cooperatieven-maken-de-stad.ics"'
		);
		const parsed = events(await res.text());
		expect(parsed.zone?.getFirstPropertyValue('tzid')).toBe('Europe/Amsterdam');
		expect(parsed.events).toHaveLength(13);
		expect(parsed.events.every((e) => e.sequence === 0)).toBe(true);
	});

	it('serve one session as an iCalendar file', async () => {
		const res = await fetch(`${app.url}/sessions/plenaire-opening/calendar.ics`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
		expect(res.headers.get('content-disposition')).toBe(
			'attachment; filename="plenaire-opening.ics"'
		);
		const [event] = events(await res.text()).events;
		expect(event.summary).toBe('Plenaire opening');
		expect(event.startDate.toJSDate().toISOString()).toBe('2022-01-17T17:30:00.000Z');
		expect(event.uid).toMatch(/@plenair$/);
	});

	it('answer 404 for an unknown session and 400 for an unknown language', async () => {
		expect((await fetch(`${app.url}/sessions/no-such-session/calendar.ics`)).status).toBe(404);
		expect((await fetch(`${app.url}/schedule.json?lang=de`)).status).toBe(400);
	});

	it('link the feeds from the programme and the session page', async () => {
		const home = await (await fetch(app.url)).text();
		// SvelteKit writes relative links into server-rendered pages.
		expect(home).toMatch(/href="(\.\/|\/)calendar\.ics"/);
		expect(home).toMatch(/href="(\.\/|\/)schedule\.json"/);
		const page = await (await fetch(`${app.url}/sessions/plenaire-opening`)).text();
		expect(page).toMatch(/href="[./]*\/sessions\/plenaire-opening\/calendar\.ics"/);
	});
});

describe('calendar SEQUENCE in a real Redis', () => {
	let dir: string;
	let server: RunningRedis;
	let redis: Redis;
	beforeAll(async () => {
		dir = await mkdtemp(join(tmpdir(), 'plenair-sequence-'));
		server = await startRedisServer({ bin: 'redis-server', dir });
		redis = new Redis(server.url);
	});
	afterAll(async () => {
		redis?.disconnect();
		await server?.child.stop();
		await rm(dir, { recursive: true, force: true });
	});

	const load = () => parseEventFile(readFileSync(DEMO, 'utf8'), DEMO);

	it('stays for the same content and rises by one when the start time changes', async () => {
		const event = load();
		const opening = () => event.sessions.find((s) => s.id === 'plenaire-opening')!;
		const sequence = async () =>
			(await sessionSequences(redis, event, [opening()])).get('plenaire-opening');
		const uid = async () => {
			const sequences = await sessionSequences(redis, event, [opening()]);
			const ics = sessionCalendar(event, opening(), {
				origin: 'https://plenair.example.org',
				locale: 'nl',
				stamp: Date.now(),
				sequences
			});
			const [e] = events(ics).events;
			return { uid: e.uid, sequence: e.sequence };
		};

		expect(await sequence()).toBe(0);
		expect(await sequence()).toBe(0);
		const first = await uid();

		opening().start = '2022-01-17T18:45:00+01:00';
		expect(await sequence()).toBe(1);
		expect(await sequence()).toBe(1);
		const moved = await uid();
		expect(moved).toEqual({ uid: first.uid, sequence: first.sequence + 1 });

		opening().title = { nl: 'Opening', en: 'Opening' };
		expect(await sequence()).toBe(2);
	});

	it('counts a change once, however many requests see it at the same time', async () => {
		const event = load();
		const sessions = event.sessions.slice(0, 3);
		await sessionSequences(redis, event, sessions);
		const before = await redis.hgetall(calendarKeys.sequence(event.event.slug));
		for (const s of sessions) s.end = new Date(Date.parse(s.end) - 5 * 60_000).toISOString();
		const results = await Promise.all(
			Array.from({ length: 20 }, () => sessionSequences(redis, event, sessions))
		);
		for (const result of results)
			for (const s of sessions)
				expect(result.get(s.id)).toBe(Number(before[`${s.id}:sequence`]) + 1);
	});
});
