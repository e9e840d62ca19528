import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerEventPayload } from '../../src/lib/shared/realtime/protocol.ts';
import { cliInvite } from '../support/admin-cli.ts';
import { startApp, startSecondNode, waitFor, type AppProcess } from '../support/app-process.ts';
import { guestCookie, registerAndSignIn, submitAction } from '../support/http.ts';
import { clientPool } from '../support/realtime-client.ts';

/*
 * The programme as data the app owns: admins change it in the browser's forms (here their
 * POSTs), every node and every open page follow, and stale or clashing saves are refused.
 * Real app processes with their Redis.
 */
// 16:30: the livecasts are live; round I (17:15–18:15, with sign-up) is still ahead.
const NOW = '2022-01-17T16:30:00+01:00';
const ROUND = 'ronde-1';
const PLACED_IN = 'toekomst-wooncooperatie';
const LIVECAST = 'in-beeld-voedsel-zorg';

let app: AppProcess;
let second: AppProcess;
let admin: string;
let otherAdmin: string;
let attendee: string;
const pool = clientPool();

beforeAll(async () => {
	app = await startApp({ NODE_ENV: 'test', PLENAIR_NOW: NOW }, { keepDataDir: true });
	second = await startSecondNode(app, { NODE_ENV: 'test', PLENAIR_NOW: NOW });
	admin = await registerAndSignIn(app, 'editor@example.org', {
		invite: await cliInvite(app, 'admin'),
		name: 'Eva Editor'
	});
	otherAdmin = await registerAndSignIn(app, 'other@example.org', {
		invite: await cliInvite(app, 'admin'),
		name: 'Otto Ander'
	});
	attendee = await registerAndSignIn(app, 'attendee@example.org');
}, 120_000);

afterAll(async () => {
	pool.closeAll();
	await second?.stop();
	await app?.stop();
	if (app) await rm(app.dataDir, { recursive: true, force: true });
});

async function version(): Promise<string> {
	const html = await (
		await fetch(`${app.url}/admin/programme`, { headers: { cookie: admin } })
	).text();
	const found = /data-programme-version="(\d+)"/.exec(html);
	if (!found) throw new Error('no programme version on /admin/programme');
	return found[1];
}

const scheduleOf = async (node: AppProcess) =>
	(await (await fetch(`${node.url}/schedule.json`)).json()) as {
		schedule: {
			conference: {
				days: { rooms: Record<string, { guid: string; slug: string; date: string }[]> }[];
			};
		};
	};

/** A session's start as schedule.json on this node says it. */
async function startOn(node: AppProcess, session: string): Promise<string | undefined> {
	const { schedule } = await scheduleOf(node);
	for (const day of schedule.conference.days)
		for (const events of Object.values(day.rooms))
			for (const e of events) if (e.slug.endsWith(session)) return e.date;
	return undefined;
}

describe('the programme editor', () => {
	it('refuses everyone but admins', async () => {
		const guest = await guestCookie(app.url, 'Gast');
		for (const cookie of [undefined, guest, attendee]) {
			const res = await submitAction(
				app,
				'/admin/programme?/shift',
				{ version: '1', target: `round:${ROUND}`, minutes: '10' },
				cookie
			);
			expect(res.status).toBeGreaterThanOrEqual(401);
			expect(res.status).toBeLessThanOrEqual(403);
		}
		expect(await startOn(app, PLACED_IN)).toBe('2022-01-17T17:15:00+01:00');
	});

	it('moves a round by 10 minutes: both nodes, the calendar and the people placed in it follow', async () => {
		expect((await submitAction(app, '/?/choose', { session: PLACED_IN }, attendee)).type).toBe(
			'success'
		);
		const feed = /calendar\/personal\/[^"\\]+\.ics/.exec(
			(await submitAction(app, '/profile?/newFeed', {}, attendee)).data
		)?.[0];
		expect(feed).toBeDefined();
		const calendarBefore = await (await fetch(`${app.url}/${feed}`)).text();
		expect(calendarBefore).toContain('DTSTART;TZID=Europe/Amsterdam:20220117T171500');

		// The attendee has the programme open on the other node.
		const socket = await pool.connect(second.url, attendee);
		const changed: ServerEventPayload<'programme:changed'>[] = [];
		const told: ServerEventPayload<'programme:session-changed'>[] = [];
		socket.on('programme:changed', (p) => changed.push(p));
		socket.on('programme:session-changed', (p) => told.push(p));

		const before = await version();
		const res = await submitAction(
			app,
			'/admin/programme?/shift',
			{ version: before, target: `round:${ROUND}`, minutes: '10' },
			admin
		);
		expect(res.type).toBe('success');

		expect(await startOn(app, PLACED_IN)).toBe('2022-01-17T17:25:00+01:00');
		expect(
			await waitFor(
				async () => (await startOn(second, PLACED_IN)) === '2022-01-17T17:25:00+01:00',
				5000
			)
		).toBe(true);
		expect(await waitFor(() => changed.length > 0 && told.length > 0, 5000)).toBe(true);
		expect(changed).toEqual([{ version: Number(before) + 1 }]);
		expect(told).toEqual([
			{
				session: PLACED_IN,
				title: {
					nl: 'De toekomst van de wooncoöperatie',
					en: 'The future of the housing cooperative'
				},
				change: 'moved',
				start: Date.parse('2022-01-17T17:25:00+01:00'),
				end: Date.parse('2022-01-17T18:25:00+01:00')
			}
		]);

		const calendarAfter = await (await fetch(`${app.url}/${feed}`)).text();
		expect(calendarAfter).toContain('DTSTART;TZID=Europe/Amsterdam:20220117T172500');
		const sequence = (text: string) => Number(/SEQUENCE:(\d+)/.exec(text)?.[1]);
		expect(sequence(calendarAfter)).toBeGreaterThan(sequence(calendarBefore));

		// Who changed what and when.
		const page = await (
			await fetch(`${app.url}/admin/programme`, { headers: { cookie: admin } })
		).text();
		expect(page).toContain('Eva Editor');
		expect(page).toContain(`round ${ROUND} moved by 10 minutes`);
	});

	it('refuses a save made from an older version, and says what the other admin changed', async () => {
		const base = await version();
		const form = (title: string, v: string) => ({
			version: v,
			kind: 'breakout',
			title_nl: title,
			title_en: '',
			description_nl: 'Over gereedschap voor de energietransitie.',
			description_en: '',
			date: '2022-01-17',
			start: '17:25',
			end: '18:25',
			room: 'zaal-b',
			round: ROUND,
			capacity: '40',
			hosts: '',
			speakers: ''
		});
		const first = await submitAction(
			app,
			'/admin/programme/sessions/toolkit-energietransitie?/save',
			form('Toolkit (Eva)', base),
			admin
		);
		expect(first.type).toBe('redirect');
		const stale = await submitAction(
			app,
			'/admin/programme/sessions/toolkit-energietransitie?/save',
			form('Toolkit (Otto)', base),
			otherAdmin
		);
		expect(stale.status).toBe(409);
		expect(stale.data).toContain('stale');
		expect(stale.data).toContain('Eva Editor');
		expect(stale.data).toContain('toolkit-energietransitie');
		// Nothing of the second save was written.
		const html = await (await fetch(`${app.url}/`)).text();
		expect(html).toContain('Toolkit (Eva)');
		expect(html).not.toContain('Toolkit (Otto)');
	});

	it('refuses a clash: two sessions in one room at once', async () => {
		const res = await submitAction(
			app,
			'/admin/programme/sessions/new?/save',
			{
				version: await version(),
				id: 'dubbel-geboekt',
				kind: 'breakout',
				title_nl: 'Dubbel geboekt',
				date: '2022-01-17',
				start: '17:30',
				end: '18:00',
				room: 'zaal-b',
				round: '',
				capacity: '10',
				hosts: '',
				speakers: ''
			},
			admin
		);
		expect(res.status).toBe(409);
		expect(res.data).toContain('invalid');
		expect(res.data).toContain('toolkit-energietransitie');
		expect(await startOn(app, 'dubbel-geboekt')).toBeUndefined();
	});

	it('cancels a live session: the people in its room go back to the programme', async () => {
		const guest = await pool.connect(app.url, await guestCookie(app.url, 'Kijker'));
		const moves: ServerEventPayload<'room:move'>[] = [];
		guest.on('room:move', (p) => moves.push(p));
		expect((await guest.request('room:enter', { session: LIVECAST })).ok).toBe(true);
		const res = await submitAction(
			app,
			`/admin/programme/sessions/${LIVECAST}?/cancel`,
			{ version: await version() },
			admin
		);
		expect(res.type).toBe('redirect');
		expect(await waitFor(() => moves.length > 0, 5000)).toBe(true);
		expect(moves).toEqual([{ destination: { kind: 'lobby' }, reason: 'cancelled' }]);
		// The other node hears of the change through Redis, a moment after the move went out.
		expect(await waitFor(async () => (await startOn(second, LIVECAST)) === undefined, 5000)).toBe(
			true
		);
	});

	it('takes a role back: the person’s connections close, and the audit log says who did what', async () => {
		const moderator = await registerAndSignIn(app, 'mona@example.org', {
			invite: await cliInvite(app, 'moderator', { session: PLACED_IN }),
			name: 'Mona Moderator'
		});
		const socket = await pool.connect(app.url, moderator);
		const closed = new Promise<string>((resolve) => socket.socket.once('disconnect', resolve));
		const adminPage = async () =>
			(await fetch(`${app.url}/admin`, { headers: { cookie: admin } })).text();
		const userId = /data-person="([^"]+)" data-role="moderator"/.exec(await adminPage())?.[1];
		expect(userId).toBeDefined();

		const res = await submitAction(
			app,
			'/admin?/revokeRole',
			{ user: userId!, role: 'moderator', session: PLACED_IN },
			admin
		);
		expect(res.type).toBe('success');
		expect(await closed).toBe('io server disconnect');
		const profile = await (
			await fetch(`${app.url}/profile`, { headers: { cookie: moderator } })
		).text();
		expect(profile).not.toContain('moderator');
		const again = await submitAction(
			app,
			'/admin?/revokeRole',
			{ user: userId!, role: 'moderator', session: PLACED_IN },
			admin
		);
		expect(again.status).toBe(404);

		const page = await adminPage();
		expect(page).not.toContain(`data-person="${userId}"`);
		// Newest first: taken back by Eva, accepted by Mona.
		const log = page.slice(page.indexOf('data-audit'));
		expect(log.indexOf('rol ingetrokken')).toBeGreaterThan(-1);
		expect(log.indexOf('rol ingetrokken')).toBeLessThan(log.indexOf('uitnodiging aangenomen'));
		expect(log).toContain('Eva Editor');
		expect(log).toContain('Mona Moderator');
	});

	it('refuses an admin taking back their own admin role', async () => {
		const html = await (await fetch(`${app.url}/admin`, { headers: { cookie: admin } })).text();
		const ids = [...html.matchAll(/data-person="([^"]+)" data-role="admin"/g)].map((m) => m[1]);
		const results = await Promise.all(
			ids.map((user) =>
				submitAction(app, '/admin?/revokeRole', { user, role: 'admin', session: '' }, admin)
			)
		);
		// One of them is Eva's own: refused. The other (Otto's) is taken back.
		expect(results.map((r) => r.status).sort()).toEqual([200, 400]);
	});

	it('an invited speaker writes their own name and bio, and the session shows them as text', async () => {
		const speaker = await registerAndSignIn(app, 'sam@example.org', {
			invite: await cliInvite(app, 'speaker', { session: 'plenaire-opening' })
		});
		const saved = await submitAction(
			app,
			'/profile?/save',
			{
				name: 'Sam Spreker',
				organisation: 'Energiecoöperatie Zuid',
				bio: 'Bouwt <b>zonnedaken</b> met buren.',
				locale: 'nl'
			},
			speaker
		);
		expect(saved.type).toBe('success');
		const page = await (await fetch(`${app.url}/sessions/plenaire-opening`)).text();
		expect(page).toContain('Sam Spreker');
		expect(page).toContain('Energiecoöperatie Zuid');
		expect(page).toContain('Bouwt &lt;b>zonnedaken&lt;/b> met buren.');
		expect(page).not.toContain('<b>zonnedaken</b>');
		const tooLong = await submitAction(
			app,
			'/profile?/save',
			{ name: 'Sam Spreker', bio: 'x'.repeat(1001), locale: 'nl' },
			speaker
		);
		expect(tooLong.status).toBe(400);
	});

	it('starts a brainstorm’s board with the questions and rules the programme gives it', async () => {
		const BRAINSTORM = 'brainstorm-incubator';
		const res = await submitAction(
			app,
			`/admin/programme/sessions/${BRAINSTORM}?/save`,
			{
				version: await version(),
				kind: 'brainstorm',
				title_nl: 'Brainstorm – De Amsterdamse coöperatieven incubator',
				date: '2022-01-17',
				start: '20:30',
				end: '21:30',
				room: 'zaal-b',
				round: 'ronde-3',
				capacity: '40',
				board_questions: 'Wat heeft een startende coöperatie nodig?\n\nWie kan daarbij helpen?',
				board_votes: '3',
				board_collect: '15',
				board_group: '',
				board_vote: '4'
				// board_anonymous left out: an unticked box.
			},
			admin
		);
		expect(res.type).toBe('redirect');
		const socket = await pool.connect(app.url, admin);
		const joined = await socket.request('board:join', { session: BRAINSTORM });
		if (!joined.ok) throw new Error(joined.error);
		expect(joined.board.settings).toEqual({
			questions: ['Wat heeft een startende coöperatie nodig?', 'Wie kan daarbij helpen?'],
			votesPerPerson: 3,
			anonymous: false,
			// Left as they were: notes hidden while collecting, everyone groups, several dots a note.
			notesVisible: false,
			grouping: 'everyone',
			multipleVotesPerNote: true,
			// An empty field keeps the default (10 minutes of grouping).
			minutes: { collect: 15, group: 10, vote: 4 }
		});

		// Six questions are one too many.
		const tooMany = await submitAction(
			app,
			`/admin/programme/sessions/${BRAINSTORM}?/save`,
			{
				version: await version(),
				kind: 'brainstorm',
				title_nl: 'x',
				date: '2022-01-17',
				start: '20:30',
				end: '21:30',
				room: 'zaal-b',
				capacity: '40',
				board_questions: 'a\nb\nc\nd\ne\nf'
			},
			admin
		);
		expect(tooMany.status).toBe(400);
		expect(tooMany.data).toContain('form_programme_board_questions');
	});

	it('keeps the edited programme over a restart', async () => {
		await second.stop();
		await app.stop();
		app = await startApp(
			{ NODE_ENV: 'test', PLENAIR_NOW: NOW },
			{ dataDir: app.dataDir, keepDataDir: true }
		);
		second = await startSecondNode(app, { NODE_ENV: 'test', PLENAIR_NOW: NOW });
		expect(await startOn(app, PLACED_IN)).toBe('2022-01-17T17:25:00+01:00');
		expect(await startOn(app, LIVECAST)).toBeUndefined();
	}, 120_000);
});
