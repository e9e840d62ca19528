import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseEventFile } from '../../src/lib/server/event-file.ts';
import { importScheduleCli, type Io } from '../../scripts/import-schedule.ts';
import { exportSchedule } from '../../src/lib/server/interop/export-schedule.ts';
import { importSchedule, type Problem } from '../../src/lib/server/interop/import-schedule.ts';
import { DEMO_FILE, demo, ORIGIN, pretalxFixture } from './interop-support.ts';

function imported(doc: unknown) {
	const result = importSchedule(JSON.stringify(doc));
	if (!result.ok) throw new Error(result.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
	return result.file;
}

function problemsOf(text: string): Problem[] {
	const result = importSchedule(text);
	if (result.ok) throw new Error('expected the schedule to be refused');
	return result.problems;
}

const GRAY = 'schedule.conference.days[0].rooms["Gray Room"]';

describe('importing a pretalx / frab schedule.json', () => {
	it('turns rooms, events and parallel events into rooms, sessions and a round', () => {
		const file = imported(pretalxFixture());
		expect(file.event).toMatchObject({
			slug: 'democon',
			title: 'DemoCon',
			description: 'DemoCon',
			timezone: 'Europe/Berlin',
			start: '2024-05-13T04:00:00+02:00',
			end: '2024-05-14T03:59:00+02:00',
			languages: ['en']
		});
		expect(file.rooms).toEqual([
			{ id: 'gray-room', name: 'Gray Room' },
			{ id: 'tan-room', name: 'Tan Room' }
		]);
		expect(file.rounds).toEqual([
			{
				id: 'horizontal',
				title: 'Horizontal',
				start: '2024-05-13T10:00:00+02:00',
				end: '2024-05-13T10:30:00+02:00',
				signup: false
			}
		]);
		const byId = new Map(file.sessions.map((s) => [s.id, s]));
		expect(byId.get('democon-25-opening-keynote')).toMatchObject({
			kind: 'plenary',
			title: 'Opening keynote',
			description: 'Why we are here.',
			start: '2024-05-13T09:00:00+02:00',
			end: '2024-05-13T09:45:00+02:00',
			room: 'gray-room',
			speakers: [{ name: 'Brian Robinson' }],
			resources: [{ title: 'Slides', url: 'https://example.org/slides.pdf' }],
			record: true
		});
		expect(byId.get('democon-25-opening-keynote')!.round).toBeUndefined();
		expect(byId.get('democon-26-focused-hardware')).toMatchObject({
			kind: 'livecast',
			description: 'Brand back-end models!\n\nStation provide certain mean.',
			round: 'horizontal',
			speakers: [{ name: 'Jordan Parks' }],
			resources: [{ title: 'https://example.org/paper', url: 'https://example.org/paper' }],
			record: false
		});
		expect(byId.get('democon-37-contextual-help-desk')).toMatchObject({
			room: 'tan-room',
			round: 'horizontal',
			description: 'Reinvent granular deliverables!'
		});
		expect(byId.get('democon-33-soldering-workshop')).toMatchObject({
			kind: 'breakout',
			capacity: 100,
			end: '2024-05-13T12:30:00+02:00',
			record: false
		});
	});

	it('maps only the obvious types and gives breakouts and brainstorms a capacity', () => {
		const doc = pretalxFixture();
		const events = doc.schedule.conference.days[0].rooms['Gray Room'];
		const types = ['plenary', 'LIVECAST', 'Brainstorm'];
		types.forEach((type, i) => (events[i].type = type));
		const file = imported(doc);
		const kinds = events.map((e: any) => file.sessions.find((s) => s.id === e.slug)!);
		expect(kinds.map((s: any) => [s.kind, s.capacity])).toEqual([
			['plenary', undefined],
			['livecast', undefined],
			['brainstorm', 100]
		]);
	});

	it('ignores fields it does not know, at every level', () => {
		const plain = imported(pretalxFixture());
		const doc = pretalxFixture();
		doc.extra = { anything: true };
		doc.schedule.conference.hashtag = '#democon';
		doc.schedule.conference.days[0].weather = 'sunny';
		doc.schedule.conference.days[0].rooms['Gray Room'][0].video_url = 'https://example.org/v';
		doc.schedule.conference.days[0].rooms['Gray Room'][0].persons[0].pronouns = 'he/him';
		expect(imported(doc)).toEqual(plain);
	});

	it('refuses a malformed schedule and names every problem with its path and reason', () => {
		const doc = pretalxFixture();
		const gray = doc.schedule.conference.days[0].rooms['Gray Room'];
		gray[0].date = '2024-05-13 09:00';
		gray[0].duration = 'three quarters';
		gray[1].title = '';
		gray[1].links = [{ url: 'javascript:alert(1)' }];
		gray[2].persons = [{ id: 3 }];
		delete doc.schedule.conference.days[0].rooms['Tan Room'][0].room;
		doc.schedule.conference.time_zone_name = 'Mars/Olympus';
		const problems = problemsOf(JSON.stringify(doc));
		expect(problems).toEqual(
			expect.arrayContaining([
				{ path: `${GRAY}[0].date`, message: expect.stringMatching(/ISO 8601/) },
				{ path: `${GRAY}[0].duration`, message: 'use HH:MM' },
				{ path: `${GRAY}[1].title`, message: 'a title is required' },
				{ path: `${GRAY}[1].links[0].url`, message: 'use an http or https URL' },
				{ path: `${GRAY}[2].persons[0]`, message: 'a person needs a name' },
				{
					path: 'schedule.conference.days[0].rooms["Tan Room"][0].room',
					message: expect.any(String)
				},
				{ path: 'schedule.conference.time_zone_name', message: 'unknown IANA time zone' }
			])
		);
		expect(problems).toHaveLength(7);
	});

	it('reports a problem found in the converted programme at its place in the schedule', () => {
		const doc = pretalxFixture();
		doc.schedule.conference.days[0].rooms['Gray Room'][2].persons = [{ name: 'x'.repeat(200) }];
		expect(problemsOf(JSON.stringify(doc))).toEqual([
			{
				path: `${GRAY}[2].persons`,
				message: expect.stringMatching(/^sessions\[\d+\]\.speakers\[0\]\.name \(Plenair\): /)
			}
		]);
	});

	it.each([
		['text that is not JSON', '{"schedule": ', /not valid JSON/],
		['a document without a schedule', '[]', /expected object/],
		['a schedule without days', '{"schedule":{"version":"1","conference":{}}}', /days/],
		[
			'a "__proto__" key',
			'{"schedule":{"version":"1","conference":{"__proto__":{"days":[]}}}}',
			/not allowed/
		],
		['nesting deep enough to be an attack', `${'['.repeat(5000)}${']'.repeat(5000)}`, /nested/]
	])('refuses %s', (_, text, message) => {
		const problems = problemsOf(text);
		expect(problems.length).toBeGreaterThan(0);
		expect(problems.map((p) => `${p.path}: ${p.message}`).join('\n')).toMatch(message);
	});
});

describe('npm run import-schedule', () => {
	const dirs: string[] = [];
	afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

	async function setup() {
		const dir = await mkdtemp(join(tmpdir(), 'plenair-import-'));
		dirs.push(dir);
		const out: string[] = [];
		const err: string[] = [];
		const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l) };
		return { dir, io, out, err };
	}

	it('dry-run lists what would change against the existing file and writes nothing', async () => {
		const { dir, io, out } = await setup();
		const edited = demo();
		edited.sessions = edited.sessions.filter((s) => s.id !== 'cooperatieve-fondsen');
		edited.sessions.find((s) => s.id === 'plenaire-opening')!.start = '2022-01-17T18:45:00+01:00';
		const input = join(dir, 'schedule.json');
		await writeFile(
			input,
			JSON.stringify(exportSchedule(edited, { origin: ORIGIN, locale: 'nl' }))
		);
		const target = join(dir, 'event.yaml');
		const before = await readFile(DEMO_FILE, 'utf8');
		await writeFile(target, before);

		expect(await importScheduleCli([input, '--out', target, '--dry-run'], io)).toBe(0);
		expect(await readFile(target, 'utf8')).toBe(before);
		const report = out.join('\n');
		expect(report).toMatch(/0 added, 1 removed, 12 changed/);
		expect(report).toMatch(/- cooperatieve-fondsen/);
		expect(report).toMatch(
			/~ plenaire-opening: title \(one language kept\); description \(one language kept\); start 2022-01-17T18:30:00\+01:00 → 2022-01-17T18:45:00\+01:00/
		);
		expect(report).toMatch(/Dry run/);
	});

	it('writes an event file Plenair loads', async () => {
		const { dir, io, out } = await setup();
		const input = join(dir, 'democon.json');
		await writeFile(input, JSON.stringify(pretalxFixture()));
		const target = join(dir, 'event.yaml');

		expect(await importScheduleCli([input, '--out', target], io)).toBe(0);
		const file = parseEventFile(await readFile(target, 'utf8'), target);
		expect(file.sessions).toHaveLength(4);
		expect(out.join('\n')).toMatch(/4 added, 0 removed, 0 changed[\s\S]*Wrote/);
	});

	it('refuses a malformed file with exit code 1, each problem, and writes nothing', async () => {
		const { dir, io, err } = await setup();
		const doc = pretalxFixture();
		doc.schedule.conference.days[0].rooms['Gray Room'][1].duration = '-1';
		doc.schedule.conference.acronym = 7;
		const input = join(dir, 'bad.json');
		await writeFile(input, JSON.stringify(doc));
		const target = join(dir, 'event.yaml');

		expect(await importScheduleCli([input, '--out', target], io)).toBe(1);
		await expect(readFile(target)).rejects.toThrow(/ENOENT/);
		const report = err.join('\n');
		expect(report).toMatch(/2 problem\(s\), nothing written/);
		expect(report).toContain(`- ${GRAY}[1].duration: use HH:MM`);
		expect(report).toContain('- schedule.conference.acronym: ');
	});

	it('explains its usage when --out is missing', async () => {
		const { io, err } = await setup();
		expect(await importScheduleCli(['schedule.json'], io)).toBe(2);
		expect(err.join('\n')).toMatch(/--out <event.yaml> is required[\s\S]*usage/);
	});
});
