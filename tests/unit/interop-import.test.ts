import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseEventFile } from '../../src/lib/server/event-file.ts';
import { importScheduleCli, type Io } from '../../scripts/import-schedule.ts';
import { exportSchedule } from '../../src/lib/server/interop/export-schedule.ts';
import {
	decodeScheduleBytes,
	importSchedule,
	importScheduleBytes,
	MAX_WARNINGS,
	type ImportOptions,
	type Problem
} from '../../src/lib/server/interop/import-schedule.ts';
import { firstInvalidUtf8 } from '../../src/lib/server/interop/schedule-bytes.ts';
import {
	DEMO_FILE,
	demo,
	FRAB_CAMP_FILE,
	ORIGIN,
	PRETALX_RC3_FILE,
	pretalxFixture
} from './interop-support.ts';

function importedWithWarnings(doc: unknown, options?: ImportOptions) {
	const result = importSchedule(JSON.stringify(doc), options);
	if (!result.ok) throw new Error(result.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
	return result;
}

/** The event file of a schedule that imports without a warning. */
function imported(doc: unknown, options?: ImportOptions) {
	const { file, warnings } = importedWithWarnings(doc, options);
	expect(warnings).toEqual([]);
	return file;
}

function problemsOf(text: string, options?: ImportOptions): Problem[] {
	const result = importSchedule(text, options);
	if (result.ok) throw new Error('expected the schedule to be refused');
	return result.problems;
}

const ZONE = 'schedule.conference.time_zone_name';

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

	it('maps the types it knows and gives breakouts and brainstorms a capacity', () => {
		const cases: [string | null, string, number | undefined][] = [
			['plenary', 'plenary', undefined],
			['LIVECAST', 'livecast', undefined],
			['Brainstorm', 'brainstorm', 100],
			['lecture', 'livecast', undefined],
			['lightning_talk', 'livecast', undefined],
			['meeting', 'breakout', 100],
			['other', 'livecast', undefined],
			['Talk 30 min + 10min Q&A', 'livecast', undefined],
			['LightningTalk 15min 10min Q&A', 'livecast', undefined],
			['Workshop 60 Min', 'breakout', 100],
			['Opening Keynote', 'plenary', undefined],
			[null, 'livecast', undefined],
			['', 'livecast', undefined]
		];
		for (const [type, kind, capacity] of cases) {
			const doc = pretalxFixture();
			const event = doc.schedule.conference.days[0].rooms['Gray Room'][2];
			event.type = type;
			const session = imported(doc).sessions.find((s) => s.id === event.slug)!;
			expect([type, session.kind, session.capacity]).toEqual([type, kind, capacity]);
		}
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
				{
					path: 'schedule.conference.days[0].rooms["Tan Room"][0].room',
					message: expect.any(String)
				},
				{ path: ZONE, message: 'unknown IANA time zone' }
			])
		);
		// The bad link and the nameless person would only be warnings.
		expect(problems).toHaveLength(5);
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

describe('a real export with a fault in an optional part', () => {
	const link = (url: string) => ({ url, title: 'Paper' });

	it('leaves out a link without a scheme with a warning at its path, and keeps the rest', () => {
		const doc = pretalxFixture();
		const gray = doc.schedule.conference.days[0].rooms['Gray Room'];
		gray[1].links = [
			link('example.org/paper'),
			link('https://example.org/ok'),
			{ url: 'https://example.org/untitled', title: { en: 'Untitled' } }
		];
		gray[2].links = ['www.example.org', 'https://example.org/bare'];
		const { file, warnings } = importedWithWarnings(doc);
		expect(warnings).toEqual([
			{
				path: `${GRAY}[1].links[0].url`,
				message: 'use an http or https URL; the link is left out'
			},
			{
				path: `${GRAY}[1].links[2].title`,
				message: expect.stringMatching(/expected string.*; the URL is the title$/)
			},
			// A bare string has no .url: the path stops at the link.
			{ path: `${GRAY}[2].links[0]`, message: 'use an http or https URL; the link is left out' }
		]);
		const byId = new Map(file.sessions.map((s) => [s.id, s]));
		expect(byId.get(gray[1].slug)!.resources).toEqual([
			{ title: 'Paper', url: 'https://example.org/ok' },
			{ title: 'https://example.org/untitled', url: 'https://example.org/untitled' }
		]);
		expect(byId.get(gray[2].slug)!.resources).toEqual([
			{ title: 'https://example.org/bare', url: 'https://example.org/bare' }
		]);
		expect(file.sessions).toHaveLength(4);
	});

	it('makes a session of unknown type a livecast, with a warning at its type', () => {
		const doc = pretalxFixture();
		const event = doc.schedule.conference.days[0].rooms['Gray Room'][2];
		event.type = 'Kaffeeklatsch';
		const { file, warnings } = importedWithWarnings(doc);
		expect(warnings).toEqual([
			{
				path: `${GRAY}[2].type`,
				message: 'unknown type "Kaffeeklatsch"; the session becomes a livecast'
			}
		]);
		expect(file.sessions.find((s) => s.id === event.slug)).toMatchObject({ kind: 'livecast' });
		expect(file.sessions.find((s) => s.id === event.slug)!.capacity).toBeUndefined();
	});

	it('leaves out persons without a name and optional fields of the wrong kind', () => {
		const doc = pretalxFixture();
		const gray = doc.schedule.conference.days[0].rooms['Gray Room'];
		gray[0].persons = [{ id: 3 }, ...gray[0].persons, { public_name: '  ' }];
		gray[0].subtitle = 42;
		gray[0].do_not_record = 'no';
		gray[1].track = ['Horizontal'];
		doc.schedule.conference.rooms[1].capacity = 'sixty';
		doc.schedule.conference.url = { href: 'https://example.org' };
		const { file, warnings } = importedWithWarnings(doc);
		expect(warnings).toEqual([
			{ path: 'schedule.conference.url', message: expect.stringMatching(/; ignored$/) },
			{ path: 'schedule.conference.rooms[1].capacity', message: expect.stringMatching(/ignored/) },
			{ path: `${GRAY}[0].subtitle`, message: expect.stringMatching(/; ignored$/) },
			{
				path: `${GRAY}[0].do_not_record`,
				message: expect.stringMatching(/; the session is not recorded$/)
			},
			{ path: `${GRAY}[0].persons[0]`, message: 'a person needs a name; the person is left out' },
			{ path: `${GRAY}[0].persons[2]`, message: 'a person needs a name; the person is left out' },
			{ path: `${GRAY}[1].track`, message: expect.stringMatching(/; left out$/) }
		]);
		const opening = file.sessions.find((s) => s.id === gray[0].slug)!;
		expect(opening.speakers).toEqual([{ name: 'Brian Robinson' }]);
		expect(opening.record).toBe(false);
	});

	it('sums up warnings past the limit in one', () => {
		const doc = pretalxFixture();
		doc.schedule.conference.days[0].rooms['Gray Room'][0].links = Array.from(
			{ length: 150 },
			(_, i) => link(`example.org/${i}`)
		);
		const { warnings } = importedWithWarnings(doc);
		expect(warnings).toHaveLength(MAX_WARNINGS);
		expect(warnings.at(-2)!.path).toBe(`${GRAY}[0].links[98].url`);
		expect(warnings.at(-1)).toEqual({
			path: '(document)',
			message: `${150 - MAX_WARNINGS + 1} more warnings like these`
		});
	});

	it('still refuses what Plenair cannot do without', () => {
		const doc = pretalxFixture();
		const gray = doc.schedule.conference.days[0].rooms['Gray Room'];
		gray[0].date = 'tomorrow';
		gray[0].links = [link('example.org')];
		expect(problemsOf(JSON.stringify(doc))).toEqual([
			{ path: `${GRAY}[0].date`, message: expect.stringMatching(/ISO 8601/) }
		]);
	});
});

describe('the time zone of an import', () => {
	function withoutZone() {
		const doc = pretalxFixture();
		delete doc.schedule.conference.time_zone_name;
		return doc;
	}

	it('is asked for when the file names none, instead of becoming UTC', () => {
		expect(problemsOf(JSON.stringify(withoutZone()))).toEqual([
			{ path: ZONE, message: expect.stringMatching(/names no time zone.*Europe\/Amsterdam/) }
		]);
		const doc = withoutZone();
		doc.schedule.conference.time_zone_name = null;
		expect(problemsOf(JSON.stringify(doc))).toEqual([
			{ path: ZONE, message: expect.stringMatching(/names no time zone/) }
		]);
	});

	it('is the one given when the file names none', () => {
		const file = imported(withoutZone(), { timeZone: 'Europe/Berlin' });
		expect(file.event.timezone).toBe('Europe/Berlin');
		expect(file).toEqual(imported(pretalxFixture()));
		expect(imported(withoutZone(), { timeZone: 'europe/berlin' }).event.timezone).toBe(
			'Europe/Berlin'
		);
	});

	it('refuses a zone given that does not exist', () => {
		expect(problemsOf(JSON.stringify(withoutZone()), { timeZone: 'Mars/Olympus' })).toEqual([
			{ path: ZONE, message: expect.stringMatching(/"Mars\/Olympus", is not an IANA time zone/) }
		]);
	});

	it("keeps the file's zone over a different one given, with a warning", () => {
		const { file, warnings } = importedWithWarnings(pretalxFixture(), {
			timeZone: 'Europe/Amsterdam'
		});
		expect(file.event.timezone).toBe('Europe/Berlin');
		expect(warnings).toEqual([
			{
				path: ZONE,
				message: "the file's time zone Europe/Berlin is used, not Europe/Amsterdam as given"
			}
		]);
		expect(importedWithWarnings(pretalxFixture(), { timeZone: 'Europe/Berlin' }).warnings).toEqual(
			[]
		);
	});

	it('warns when the times are written with an offset the zone does not have', () => {
		const { file, warnings } = importedWithWarnings(withoutZone(), { timeZone: 'Europe/London' });
		expect(warnings).toEqual([
			{
				path: 'schedule.conference.days[0].day_start',
				message: expect.stringMatching(/offset \+02:00, but Europe\/London is at \+01:00/)
			}
		]);
		// The moments stay what the file says.
		expect(Date.parse(file.event.start)).toBe(Date.parse('2024-05-13T04:00:00+02:00'));
	});
});

describe('the bytes of a schedule file', () => {
	const text = () => JSON.stringify(pretalxFixture()).replace('Opening keynote', 'Ouverture: café');
	const utf8 = (s: string) => new TextEncoder().encode(s);
	const refusal = (bytes: Uint8Array) => {
		const decoded = decodeScheduleBytes(bytes);
		if (decoded.ok) throw new Error('expected the bytes to be refused');
		expect(decoded.problems).toHaveLength(1);
		expect(decoded.problems[0].path).toBe('(document)');
		return decoded.problems[0].message;
	};

	it('are UTF-8, with characters kept as written', () => {
		const result = importScheduleBytes(utf8(text()));
		if (!result.ok) throw new Error('refused');
		expect(result.file.sessions.map((s) => s.title)).toContain('Ouverture: café');
	});

	it('may start with a UTF-8 byte order mark', () => {
		const bom = Uint8Array.of(0xef, 0xbb, 0xbf, ...utf8(text()));
		expect(decodeScheduleBytes(bom)).toEqual({ ok: true, text: text() });
		expect(importScheduleBytes(bom)).toEqual(importSchedule(text()));
	});

	it('are refused as Latin-1, naming the first bad byte, its offset and its line', () => {
		const json = JSON.stringify(pretalxFixture(), null, 2).replace(
			'Opening keynote',
			'Ouverture: café'
		);
		const latin1 = Uint8Array.from(Buffer.from(json, 'latin1'));
		const offset = json.indexOf('é'); // every character before it is ASCII: one byte each
		const line = json.slice(0, offset).split('\n').length;
		expect(refusal(latin1)).toBe(
			`the file is not UTF-8: byte 0xE9 at offset ${offset} (line ${line}) is not valid UTF-8. ` +
				'It is probably Latin-1 (ISO 8859-1) or Windows-1252, where that byte is "é"; ' +
				'save it as UTF-8'
		);
		expect(importScheduleBytes(latin1)).toMatchObject({ ok: false });
	});

	it('are refused as UTF-16 or UTF-32, with or without a byte order mark', () => {
		const le = Buffer.from(text(), 'utf16le');
		const be = Buffer.from(le).swap16();
		expect(refusal(Uint8Array.of(0xff, 0xfe, ...le))).toBe(
			'the file is UTF-16 (little-endian); save it as UTF-8'
		);
		expect(refusal(Uint8Array.of(0xfe, 0xff, ...be))).toMatch(/UTF-16 \(big-endian\)/);
		expect(refusal(Uint8Array.from(le))).toMatch(/UTF-16 \(little-endian\)/);
		expect(refusal(Uint8Array.from(be))).toMatch(/UTF-16 \(big-endian\)/);
		const utf32le = Uint8Array.from([...'{"a": 1}'].flatMap((c) => [c.charCodeAt(0), 0, 0, 0]));
		expect(refusal(Uint8Array.of(0xff, 0xfe, 0, 0, ...utf32le))).toMatch(
			/UTF-32 \(little-endian\)/
		);
		expect(refusal(utf32le)).toMatch(/UTF-32 \(little-endian\)/);
		expect(refusal(Uint8Array.from([...utf32le].reverse()))).toMatch(/UTF-32 \(big-endian\)/);
	});

	it('are refused with a NUL byte', () => {
		expect(refusal(utf8('{"schedule": \u0000}'))).toMatch(/NUL byte at offset 13/);
	});

	it.each([
		['ASCII', [0x7b, 0x7d], -1],
		['two, three and four byte characters', [...utf8('é€😀')], -1],
		['a lone continuation byte', [0x41, 0x80], 1],
		['an overlong form', [0x41, 0xc0, 0x80], 1],
		['an encoded surrogate', [0x41, 0x42, 0xed, 0xa0, 0x80], 2],
		['a code point past U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
		['a character cut off at the end', [0x41, 0xe2, 0x82], 1],
		['a character cut off by ASCII', [0xe2, 0x41, 0x41], 0]
	])('find the first byte that is not UTF-8 in %s', (_, bytes, offset) => {
		expect(firstInvalidUtf8(Uint8Array.from(bytes))).toBe(offset);
	});
});

describe('real exports', () => {
	const frab = () => JSON.parse(readFileSync(FRAB_CAMP_FILE, 'utf8'));
	const rc3 = () => JSON.parse(readFileSync(PRETALX_RC3_FILE, 'utf8'));
	const CURIE = 'schedule.conference.days[0].rooms.Curie';

	it('frab (Camp 2019): every session, with the link that has no scheme left out', () => {
		const result = importScheduleBytes(readFileSync(FRAB_CAMP_FILE));
		if (!result.ok) throw new Error(JSON.stringify(result.problems));
		expect(result.warnings).toEqual([
			{
				path: `${CURIE}[0].links[0].url`,
				message: 'use an http or https URL; the link is left out'
			}
		]);
		const { file } = result;
		// Counted in the fixture: Curie 6, Meitner 3.
		expect(file.sessions).toHaveLength(9);
		expect(file.rooms.map((r) => r.name)).toEqual(['Curie', 'Meitner']);
		expect(file.sessions.filter((s) => s.room === 'curie')).toHaveLength(6);
		expect(file.event).toMatchObject({ slug: 'camp2019', timezone: 'Europe/Berlin' });
		expect(new Set(file.sessions.map((s) => s.kind))).toEqual(new Set(['livecast']));
		const libra = file.sessions.find((s) => s.title.toString().startsWith('Fighting back'))!;
		expect(libra).toMatchObject({
			start: '2019-08-25T12:00:00+02:00',
			end: '2019-08-25T12:45:00+02:00',
			speakers: [{ name: 'Harry Halpin' }],
			record: true
		});
		expect(libra.resources.map((r) => r.url)).toEqual([
			'https://0xacab.org/jstuczyn/CoconutGo',
			'http://www0.cs.ucl.ac.uk/staff/G.Danezis/papers/UnlimitID_WPES16.pdf',
			'https://arxiv.org/abs/1802.07344'
		]);
		expect(frab().schedule.conference.days[0].rooms.Curie[0].links[0].url).toBe('nymtech.net');
	});

	it('pretalx (rC3 Channels 2020): asks for the time zone, then imports every session', () => {
		const text = readFileSync(PRETALX_RC3_FILE, 'utf8');
		expect(problemsOf(text)).toEqual([
			{ path: ZONE, message: expect.stringMatching(/names no time zone/) }
		]);
		const file = imported(rc3(), { timeZone: 'Europe/Berlin' });
		// Counted in the fixture: r3s 7, backspace 4, Chaos-West TV 1.
		expect(file.sessions).toHaveLength(12);
		expect(file.rooms.map((r) => r.name)).toEqual([
			'r3s - Monheim/Rhein',
			'backspace / franconian.net - Bamberg',
			'Chaos-West TV - Ennepetal'
		]);
		expect(file.event).toMatchObject({
			slug: 'rc3-channels-2020',
			timezone: 'Europe/Berlin',
			start: '2020-12-27T04:00:00+01:00'
		});
		// "Workshop 60 Min" is the one breakout; the talks, the lightning talk and "Other" livecasts.
		expect(file.sessions.filter((s) => s.kind === 'breakout').map((s) => s.id)).toEqual(['bx8q8c']);
		expect(file.sessions.filter((s) => s.kind === 'livecast')).toHaveLength(11);
		expect(file.sessions.find((s) => s.id === 'mja8qy')!.speakers).toEqual([
			{ name: 'Chris Fiege' },
			{ name: 'Kasa' }
		]);
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

	it('refuses to start when the folder of --out does not exist', async () => {
		const { dir, io, out, err } = await setup();
		const folder = join(dir, 'missing');
		const target = join(folder, 'event.yaml');
		// The input is not even read: there is none.
		expect(await importScheduleCli([join(dir, 'nothing.json'), '--out', target], io)).toBe(1);
		expect(err).toEqual([`Cannot write ${target}: the folder ${folder} does not exist.`]);
		expect(out).toEqual([]);
	});

	it('prints warnings and writes the rest of a real export', async () => {
		const { dir, io, out, err } = await setup();
		const target = join(dir, 'event.yaml');
		expect(await importScheduleCli([FRAB_CAMP_FILE, '--out', target], io)).toBe(0);
		expect(err).toEqual([
			'warning: schedule.conference.days[0].rooms.Curie[0].links[0].url: use an http or https URL; the link is left out'
		]);
		expect(out.at(-1)).toBe(`Wrote ${target} (9 sessions, 1 warning(s)).`);
		expect(parseEventFile(await readFile(target, 'utf8'), target).sessions).toHaveLength(9);
	});

	it('asks for --time-zone when the file names none, and takes it', async () => {
		const { dir, io, out, err } = await setup();
		const target = join(dir, 'event.yaml');
		expect(await importScheduleCli([PRETALX_RC3_FILE, '--out', target], io)).toBe(1);
		expect(err.join('\n')).toMatch(
			/1 problem\(s\), nothing written[\s\S]*time_zone_name: the file names no time zone[\s\S]*--time-zone Europe\/Amsterdam/
		);
		await expect(readFile(target)).rejects.toThrow(/ENOENT/);

		err.length = 0;
		const args = [PRETALX_RC3_FILE, '--out', target, '--time-zone', 'Europe/Berlin'];
		expect(await importScheduleCli(args, io)).toBe(0);
		expect(err).toEqual([]);
		expect(out.at(-1)).toBe(`Wrote ${target} (12 sessions).`);
		expect(parseEventFile(await readFile(target, 'utf8'), target).event.timezone).toBe(
			'Europe/Berlin'
		);
	});

	it('refuses an unknown --time-zone as a usage error', async () => {
		const { io, err } = await setup();
		const args = [PRETALX_RC3_FILE, '--out', 'event.yaml', '--time-zone', 'Mars/Olympus'];
		expect(await importScheduleCli(args, io)).toBe(2);
		expect(err.join('\n')).toMatch(/--time-zone Mars\/Olympus: unknown IANA time zone[\s\S]*usage/);
	});

	it('refuses a Latin-1 file naming the encoding, and writes nothing', async () => {
		const { dir, io, err } = await setup();
		const input = join(dir, 'latin1.json');
		await writeFile(
			input,
			Buffer.from(JSON.stringify(pretalxFixture()).replace('DemoCon', 'Démo'), 'latin1')
		);
		const target = join(dir, 'event.yaml');
		expect(await importScheduleCli([input, '--out', target], io)).toBe(1);
		expect(err.join('\n')).toMatch(/\(document\): the file is not UTF-8: byte 0xE9 .*Latin-1/);
		await expect(readFile(target)).rejects.toThrow(/ENOENT/);
	});

	it('explains its usage when --out is missing', async () => {
		const { io, err } = await setup();
		expect(await importScheduleCli(['schedule.json'], io)).toBe(2);
		expect(err.join('\n')).toMatch(/--out <event.yaml> is required[\s\S]*usage.*--time-zone/);
	});
});
