import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerEventPayload } from '../../src/lib/shared/realtime/protocol.ts';
import { startApp, waitFor, type AppProcess } from '../support/app-process.ts';
import { registerAndSignIn, submitAction, setProgrammeClock } from '../support/http.ts';
import { clientPool } from '../support/realtime-client.ts';

/*
 * A rehearsal: the demo evening on a clock that runs 360 times as fast (PLENAIR_CLOCK_SPEED, as
 * `npm run rehearse` starts it), from just before break-out round I to the closing plenary,
 * with four attendees who chose a session in each round. Every transition of the evening reaches
 * them, in order: round I's countdown, start and end, the opening plenary, round II, round III
 * straight after it, and the closing plenary that round III ends into. Four and a quarter hours
 * of programme in about 43 seconds (at `npm run rehearse`'s 60× it would take 4 minutes).
 */
const SPEED = 360;
const FROM = '2022-01-17T17:13:30+01:00';
const ROUND_ONE = ['toekomst-wooncooperatie', 'toolkit-energietransitie'];
const ROUND_TWO = ['samensturing-samenschuring', 'cooperatieve-fondsen'];
const ROUND_THREE = ['energiewinnend-net', 'brainstorm-incubator'];
const CLOSING = 'plenaire-afsluiting';

let app: AppProcess;
const pool = clientPool();

beforeAll(async () => {
	app = await startApp({
		NODE_ENV: 'test',
		// Hours before the first transition: at 360× the clock reaches it only after a minute of
		// setting up, and the rehearsal proper begins with the jump below.
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
	| { kind: 'move'; payload: ServerEventPayload<'room:move'> };

describe('a rehearsal at speed', () => {
	it('moves its attendees through every transition of the evening, round I to the closing plenary', async () => {
		const attendees = await Promise.all(
			[0, 1, 2, 3].map(async (i) => {
				const cookie = await registerAndSignIn(app, `repetitie-${i}@example.org`);
				for (const session of [ROUND_ONE[i % 2], ROUND_TWO[i % 2], ROUND_THREE[i % 2]])
					expect((await submitAction(app, '/?/choose', { session }, cookie)).type).toBe('success');
				const socket = await pool.connect(app.url, cookie);
				const seen: Seen[] = [];
				socket.on('round:countdown', (payload) => seen.push({ kind: 'countdown', payload }));
				socket.on('room:move', (payload) => seen.push({ kind: 'move', payload }));
				return { socket, seen };
			})
		);
		// The rehearsal starts: the clock jumps to 17:13:30 and runs on at its speed.
		await setProgrammeClock(app, FROM);
		const began = Date.now();
		const closingStarted = () =>
			attendees.every(({ seen }) =>
				seen.some(
					(s) =>
						s.kind === 'move' &&
						s.payload.reason === 'plenary-start' &&
						s.payload.destination.kind === 'session' &&
						s.payload.destination.session === CLOSING
				)
			);
		expect(await waitFor(closingStarted, 70_000)).toBe(true);
		// 256 minutes of programme, at 360×: about 43 s.
		expect(Date.now() - began).toBeLessThan(60_000);

		attendees.forEach(({ seen }, i) => {
			expect(seen.slice(0, 10)).toEqual([
				{
					kind: 'countdown',
					payload: { round: 'ronde-1', startsAt: Date.parse('2022-01-17T17:15:00+01:00') }
				},
				{
					kind: 'move',
					payload: {
						destination: { kind: 'session', session: ROUND_ONE[i % 2] },
						reason: 'round-start',
						round: 'ronde-1'
					}
				},
				{
					kind: 'move',
					payload: { destination: { kind: 'lobby' }, reason: 'round-end', round: 'ronde-1' }
				},
				{
					kind: 'countdown',
					payload: {
						session: 'plenaire-opening',
						startsAt: Date.parse('2022-01-17T18:30:00+01:00')
					}
				},
				{
					kind: 'move',
					payload: {
						destination: { kind: 'session', session: 'plenaire-opening' },
						reason: 'plenary-start'
					}
				},
				{
					kind: 'countdown',
					payload: { round: 'ronde-2', startsAt: Date.parse('2022-01-17T19:45:00+01:00') }
				},
				{
					kind: 'move',
					payload: {
						destination: { kind: 'session', session: ROUND_TWO[i % 2] },
						reason: 'round-start',
						round: 'ronde-2'
					}
				},
				// Round III starts as round II ends: straight on, no stop at the programme page.
				{
					kind: 'countdown',
					payload: { round: 'ronde-3', startsAt: Date.parse('2022-01-17T20:30:00+01:00') }
				},
				{
					kind: 'move',
					payload: {
						destination: { kind: 'session', session: ROUND_THREE[i % 2] },
						reason: 'round-start',
						round: 'ronde-3'
					}
				},
				{
					kind: 'countdown',
					payload: { session: CLOSING, startsAt: Date.parse('2022-01-17T21:30:00+01:00') }
				}
			]);
			// Round III ends into the closing plenary, which starts then: both say go there, in
			// either order.
			expect(seen.slice(10)).toEqual(
				expect.arrayContaining([
					{
						kind: 'move',
						payload: {
							destination: { kind: 'session', session: CLOSING },
							reason: 'round-end',
							round: 'ronde-3'
						}
					},
					{
						kind: 'move',
						payload: { destination: { kind: 'session', session: CLOSING }, reason: 'plenary-start' }
					}
				])
			);
			expect(seen).toHaveLength(12);
		});
	}, 120_000);
});
