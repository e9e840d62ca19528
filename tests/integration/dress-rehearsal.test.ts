import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatReport } from '../../bench/dress-rehearsal/format.ts';
import { rehearse, type RehearsalReport } from '../../bench/dress-rehearsal/rehearsal.ts';
import { machine } from '../../bench/lib/machine.ts';
import { loadEventFile } from '../../src/lib/server/event-file.ts';
import type { EventFile } from '../../src/lib/shared/event-schema.ts';
import { instantOnDayOf } from '../../src/lib/shared/zoned-time.ts';

/*
 * The dress rehearsal, short: 50 attendees through the whole evening, from 16:30 to 21:45 at
 * 360× (53 s; from 16:30, so that everyone has signed up for round I seconds before it starts),
 * on two app nodes and two livekit-server nodes. A LiveKit node crashes during the opening
 * plenary, where the whole media sample is (its rejoins can take 20 s, two hours of programme
 * here: LiveKit's client notices a dead node only by its ping timeout), and an app node in round
 * II. The rooms of round I are made small, so that 50 people fill them and waitlists form. The
 * full evening with 1,000 people is `npm run rehearsal` (a benchmark, docs/rehearsal.md); this
 * asserts only correctness.
 */
const CAPACITY: Record<string, number> = {
	'toekomst-wooncooperatie': 8,
	'toolkit-energietransitie': 5,
	'brainstorm-cooperatieve-tech': 3
};

let dir: string;
let event: EventFile;
let report: RehearsalReport;

beforeAll(async () => {
	dir = await mkdtemp(join(tmpdir(), 'plenair-dress-rehearsal-'));
	const demo = await loadEventFile('events/cooperatieven-maken-de-stad/event.yaml');
	event = {
		...demo,
		sessions: demo.sessions.map((s) => (CAPACITY[s.id] ? { ...s, capacity: CAPACITY[s.id] } : s))
	};
	const eventFile = join(dir, 'event.json');
	await writeFile(eventFile, JSON.stringify(event));
	const at = (time: string) => instantOnDayOf(event.event.start, time, event.event.timezone);
	const started = Date.now();
	report = await rehearse({
		eventFile,
		from: at('16:30'),
		to: at('21:45'),
		speed: 360,
		attendees: 50,
		media: 3,
		chatPerMinute: 6,
		faults: { livekit: at('18:40'), app: at('20:10') },
		seed: 7,
		deadlineMs: 10_000
	});
	// The tables, for whoever reads a failure in CI.
	console.log(formatReport(report, machine(), (Date.now() - started) / 1000));
}, 240_000);
afterAll(async () => {
	await rm(dir, { recursive: true, force: true });
});

describe('a short dress rehearsal on two app nodes and two LiveKit nodes', () => {
	it('moves everyone due at each transition, exactly once, and strands no one', () => {
		expect(report.transitions.map((t) => t.label)).toEqual([
			'ronde-1 starts',
			'ronde-1 ends',
			'plenaire-opening starts',
			'ronde-2 starts',
			'ronde-2 ends, ronde-3 starts',
			'ronde-3 ends, plenaire-afsluiting starts'
		]);
		for (const t of report.transitions) {
			expect(t.due, t.label).toBeGreaterThan(0);
			expect(t.stranded, t.label).toEqual([]);
			expect(t.arrived, t.label).toBe(t.due);
			expect(t.repeated, t.label).toEqual([]);
		}
	});

	it('never puts more people in a room than its capacity, and serves waitlists in order', () => {
		for (const row of report.capacity) {
			expect(row.placed, row.session).toBeLessThanOrEqual(row.capacity);
			expect(row.mostInRoom, row.session).toBeLessThanOrEqual(row.capacity);
		}
		// The rooms filled: the checks above had something to hold.
		expect(report.capacity.find((r) => r.session === 'toekomst-wooncooperatie')?.placed).toBe(8);
		expect(report.waitlist.waitlisted).toBeGreaterThan(0);
		expect(report.waitlist.violations).toEqual([]);
	});

	it('loses no acknowledged chat message, and every board ends as the moderator’s', () => {
		expect(report.chat.acknowledged).toBeGreaterThan(0);
		expect(report.chat.checks).toBeGreaterThan(0);
		expect(report.chat.missing).toBe(0);
		expect(report.boards.length).toBe(3);
		// Who chose which brainstorm is the attendees' doing: at least one board had people.
		expect(report.boards.some((b) => b.clients > 0)).toBe(true);
		for (const board of report.boards) expect(board.equal, board.session).toBe(board.clients);
	});

	it('has the media sample in the LiveKit rooms where the app has them', () => {
		expect(report.livekit.some((c) => c.expected > 0 && !c.duringFault)).toBe(true);
		for (const check of report.livekit.filter((c) => !c.duringFault))
			expect(check.matched, check.at).toBe(check.expected);
	});

	it('brings everyone back by themselves after an app node and a LiveKit node crash', () => {
		const [livekit, app] = report.faults;
		expect(app.what).toBe('app node 2 restarts');
		expect(app.sockets?.affected).toBeGreaterThan(0);
		expect(app.sockets?.back).toBe(app.sockets?.affected);
		expect(livekit.what).toMatch(/^livekit node \d restarts$/);
		expect(livekit.media?.affected).toBeGreaterThan(0);
		expect(livekit.media?.back).toBe(livekit.media?.affected);
		expect(report.errors).toEqual([]);
	});
});
