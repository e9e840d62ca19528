import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerEventPayload } from '../../src/lib/shared/realtime/protocol.ts';
import { cliInvite } from '../support/admin-cli.ts';
import { startApp, waitFor, type AppProcess } from '../support/app-process.ts';
import { registerAndSignIn, submitAction, setProgrammeClock } from '../support/http.ts';
import { clientPool } from '../support/realtime-client.ts';

/*
 * A change during a running round: round I (17:15–18:15) has begun and its people are in their
 * rooms when an admin moves it ten minutes later. Nobody is sent in again or counted down
 * again; they are told the new times and stay until the new end, 18:25, when they go back to
 * the programme. The clock runs at 240× (a programme minute a quarter second), as a rehearsal's
 * does, so the hour passes in about 20 s.
 */
const SPEED = 240;
const ROUND = 'ronde-1';
const SESSION = 'toekomst-wooncooperatie';

let app: AppProcess;
const pool = clientPool();

beforeAll(async () => {
	app = await startApp({
		NODE_ENV: 'test',
		// Hours before round I: nothing happens while the test sets up.
		PLENAIR_NOW: '2022-01-17T10:00:00+01:00',
		PLENAIR_CLOCK_SPEED: String(SPEED),
		PLENAIR_AUTO_RECORD: 'false'
	});
}, 60_000);
afterAll(async () => {
	pool.closeAll();
	await app?.stop();
});

type Seen =
	| { kind: 'countdown'; payload: ServerEventPayload<'round:countdown'> }
	| { kind: 'move'; payload: ServerEventPayload<'room:move'>; at: number }
	| { kind: 'changed'; payload: ServerEventPayload<'programme:session-changed'> };

describe('a round moved while it runs', () => {
	it('keeps its people in their rooms until the new end, without a second start', async () => {
		const admin = await registerAndSignIn(app, 'verschuiver@example.org', {
			invite: await cliInvite(app, 'admin')
		});
		const cookie = await registerAndSignIn(app, 'deelnemer@example.org');
		expect((await submitAction(app, '/?/choose', { session: SESSION }, cookie)).type).toBe(
			'success'
		);
		const socket = await pool.connect(app.url, cookie);
		const seen: Seen[] = [];
		/** The server's programme time now, as the client's clock sync reads it. */
		const programmeNow = async () => {
			const sync = await socket.request('clock:sync', { clientSentAt: Date.now() });
			if (!sync.ok) throw new Error(sync.error);
			return sync.now;
		};
		socket.on('round:countdown', (payload) => seen.push({ kind: 'countdown', payload }));
		socket.on('programme:session-changed', (payload) => seen.push({ kind: 'changed', payload }));
		socket.on(
			'room:move',
			(payload) => void programmeNow().then((at) => seen.push({ kind: 'move', payload, at }))
		);

		await setProgrammeClock(app, '2022-01-17T17:14:30+01:00');
		expect(await waitFor(() => seen.some((s) => s.kind === 'move'), 10_000)).toBe(true);

		// Round I runs, its people are in their rooms: the admin moves it ten minutes later.
		const page = await (
			await fetch(`${app.url}/admin/programme`, { headers: { cookie: admin } })
		).text();
		const version = /data-programme-version="(\d+)"/.exec(page)![1];
		const shifted = await submitAction(
			app,
			'/admin/programme?/shift',
			{ version, target: `round:${ROUND}`, minutes: '10' },
			admin
		);
		expect(shifted.type).toBe('success');

		const ended = () => seen.some((s) => s.kind === 'move' && s.payload.reason === 'round-end');
		// 70 programme minutes at 240×: under 20 s.
		expect(await waitFor(ended, 40_000)).toBe(true);

		const newEnd = Date.parse('2022-01-17T18:25:00+01:00');
		expect(seen.map(({ kind, payload }) => ({ kind, payload }))).toEqual([
			{
				kind: 'countdown',
				payload: { round: ROUND, startsAt: Date.parse('2022-01-17T17:15:00+01:00') }
			},
			{
				kind: 'move',
				payload: {
					destination: { kind: 'session', session: SESSION },
					reason: 'round-start',
					round: ROUND
				}
			},
			{
				kind: 'changed',
				payload: {
					session: SESSION,
					title: expect.anything(),
					change: 'moved',
					start: Date.parse('2022-01-17T17:25:00+01:00'),
					end: newEnd
				}
			},
			{
				kind: 'move',
				payload: { destination: { kind: 'lobby' }, reason: 'round-end', round: ROUND }
			}
		]);
		// Not at the old end (18:15): at the new one.
		const end = seen.at(-1) as Extract<Seen, { kind: 'move' }>;
		expect(end.at).toBeGreaterThanOrEqual(newEnd);
	}, 90_000);
});
