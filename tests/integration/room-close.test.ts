import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerEventPayload } from '../../src/lib/shared/realtime/protocol.ts';
import { cliInvite } from '../support/admin-cli.ts';
import { startApp, waitFor, type AppProcess } from '../support/app-process.ts';
import { guestCookie, registerAndSignIn } from '../support/http.ts';
import { clientPool } from '../support/realtime-client.ts';

// Round I is live at 17:20.
const ROOM = 'toekomst-wooncooperatie';
let app: AppProcess;
const pool = clientPool();

beforeAll(async () => {
	app = await startApp({ NODE_ENV: 'test', PLENAIR_NOW: '2022-01-17T17:20:00+01:00' });
});
afterAll(async () => {
	pool.closeAll();
	await app?.stop();
});

const connect = (cookie: string) => pool.connect(app.url, cookie);

describe('a moderator closes a room early', () => {
	it('warns everyone, then sends the people in the room to the lobby once', async () => {
		const moderator = await connect(
			await registerAndSignIn(app, 'closer@example.org', {
				invite: await cliInvite(app, 'moderator', { session: ROOM })
			})
		);
		const guest = await connect(await guestCookie(app.url, 'Wim'));
		const closing: ServerEventPayload<'room:closing'>[] = [];
		const moves: ServerEventPayload<'room:move'>[] = [];
		// Both kinds in the order they arrived on the guest's one connection.
		const order: string[] = [];
		guest.on('room:closing', (p) => {
			closing.push(p);
			order.push('closing');
		});
		guest.on('room:move', (p) => {
			moves.push(p);
			order.push('move');
		});
		expect((await guest.request('room:enter', { session: ROOM })).ok).toBe(true);

		expect(await guest.request('room:close', { session: ROOM, inSeconds: 1 })).toEqual({
			ok: false,
			error: 'not allowed',
			code: 'forbidden'
		});
		// A first close time, then a sooner one: the newest one counts.
		expect((await moderator.request('room:close', { session: ROOM, inSeconds: 600 })).ok).toBe(
			true
		);
		const reply = await moderator.request('room:close', { session: ROOM, inSeconds: 2 });
		if (!reply.ok) throw new Error(reply.error);
		expect(await waitFor(() => closing.length === 2, 5000)).toBe(true);
		expect(closing[1]).toEqual({ session: ROOM, closesAt: reply.closesAt });
		expect(moves).toEqual([]);

		expect(await waitFor(() => moves.length > 0, 10_000)).toBe(true);
		expect(moves).toEqual([{ destination: { kind: 'lobby' }, reason: 'closed' }]);

		// Proof that no second move follows: a later close of the same room, with the moderator in
		// it as a witness. Its move is sent to both in one broadcast, by a conductor tick after
		// every tick that could have repeated the first move. Once the witness has it, a round trip
		// on the guest's connection (which keeps its order) proves the guest has it too.
		const witnessMoves: ServerEventPayload<'room:move'>[] = [];
		moderator.on('room:move', (p) => witnessMoves.push(p));
		expect((await moderator.request('room:enter', { session: ROOM })).ok).toBe(true);
		expect((await moderator.request('room:close', { session: ROOM, inSeconds: 1 })).ok).toBe(true);
		expect(await waitFor(() => witnessMoves.length > 0, 10_000)).toBe(true);
		expect((await guest.request('clock:sync', { clientSentAt: 1 })).ok).toBe(true);
		expect(order).toEqual(['closing', 'closing', 'move', 'closing', 'move']);
	});
});
