import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerEventPayload } from '../../src/lib/shared/realtime/protocol.ts';
import { cliInvite } from '../support/admin-cli.ts';
import { startApp, waitFor, type AppProcess } from '../support/app-process.ts';
import { guestCookie, registerAndSignIn } from '../support/http.ts';
import { clientPool } from '../support/realtime-client.ts';

// Round I is live at 17:20; ROOM is one of its breakouts, OTHER another one.
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

const connect = (cookie?: string) => pool.connect(app.url, cookie);
const names = (hands: { name: string }[]) => hands.map((h) => h.name);

describe('raised hands', () => {
	it('keeps hands in the order they went up, and only a moderator lowers someone else’s', async () => {
		const moderator = await connect(
			await registerAndSignIn(app, 'hands-mod@example.org', {
				invite: await cliInvite(app, 'moderator', { session: ROOM })
			})
		);
		const anna = await connect(await guestCookie(app.url, 'Anna'));
		const bert = await connect(await guestCookie(app.url, 'Bert'));
		const seen: ServerEventPayload<'room:hands'>[] = [];
		moderator.on('room:hands', (p) => seen.push(p));
		for (const c of [moderator, anna, bert])
			expect((await c.request('room:enter', { session: ROOM })).ok).toBe(true);

		const bertUp = await bert.request('room:hand', { session: ROOM, raised: true });
		expect(bertUp.ok && names(bertUp.hands)).toEqual(['Bert']);
		const annaUp = await anna.request('room:hand', { session: ROOM, raised: true });
		expect(annaUp.ok && names(annaUp.hands)).toEqual(['Bert', 'Anna']);
		// Raising again keeps one's place.
		const again = await bert.request('room:hand', { session: ROOM, raised: true });
		expect(again.ok && names(again.hands)).toEqual(['Bert', 'Anna']);
		expect(await waitFor(() => seen.length === 3, 5000)).toBe(true);
		expect(names(seen[2].hands)).toEqual(['Bert', 'Anna']);
		expect(seen[2].session).toBe(ROOM);

		// A latecomer asks for the list.
		const list = await moderator.request('room:hands', { session: ROOM });
		expect(list.ok && names(list.hands)).toEqual(['Bert', 'Anna']);
		if (!list.ok) throw new Error(list.error);
		const bertId = list.hands[0].userId;

		// Anna cannot lower Bert's hand; the moderator can.
		expect(await anna.request('room:hand-lower', { session: ROOM, userId: bertId })).toEqual({
			ok: false,
			error: 'not allowed',
			code: 'forbidden'
		});
		const lowered = await moderator.request('room:hand-lower', { session: ROOM, userId: bertId });
		expect(lowered.ok && names(lowered.hands)).toEqual(['Anna']);
		expect(
			await moderator.request('room:hand-lower', { session: ROOM, userId: bertId })
		).toMatchObject({ ok: false, code: 'not_found' });
		// Anna lowers her own.
		const down = await anna.request('room:hand', { session: ROOM, raised: false });
		expect(down.ok && down.hands).toEqual([]);

		// Leaving the room's page lowers one's hand.
		const again2 = await bert.request('room:hand', { session: ROOM, raised: true });
		expect(again2.ok && names(again2.hands)).toEqual(['Bert']);
		expect((await bert.request('room:leave', { session: ROOM })).ok).toBe(true);
		const after = await moderator.request('room:hands', { session: ROOM });
		expect(after.ok && after.hands).toEqual([]);
	});

	it('refuses people who are not in the room', async () => {
		const anonymous = await connect();
		expect(await anonymous.request('room:hand', { session: ROOM, raised: true })).toMatchObject({
			ok: false,
			code: 'sign_in'
		});
		// A guest who never entered this room's page.
		const outsider = await connect(await guestCookie(app.url, 'Carla'));
		expect(await outsider.request('room:hand', { session: ROOM, raised: true })).toEqual({
			ok: false,
			error: 'enter the room first',
			code: 'not_in_room'
		});
		expect(await outsider.request('room:react', { session: ROOM, emoji: '👏' })).toMatchObject({
			ok: false,
			code: 'not_in_room'
		});
		expect(await outsider.request('room:hand', { session: 'no-such', raised: true })).toMatchObject(
			{ ok: false, code: 'unknown_session' }
		);
	});
});

describe('reactions', () => {
	it('reach everyone on the room page, from the fixed set only, and are rate-limited', async () => {
		const dora = await connect(await guestCookie(app.url, 'Dora'));
		const emil = await connect(await guestCookie(app.url, 'Emil'));
		const got: ServerEventPayload<'room:reaction'>[] = [];
		emil.on('room:reaction', (p) => got.push(p));
		for (const c of [dora, emil])
			expect((await c.request('room:enter', { session: ROOM })).ok).toBe(true);

		expect(await dora.request('room:react', { session: ROOM, emoji: '👏' })).toEqual({ ok: true });
		expect(await waitFor(() => got.length === 1, 5000)).toBe(true);
		expect(got[0]).toEqual({ session: ROOM, emoji: '👏', name: 'Dora' });

		const bad = await dora.request('room:react', {
			session: ROOM,
			emoji: '💩' as unknown as '👏'
		});
		expect(bad).toMatchObject({ ok: false, code: 'invalid' });
		expect(!bad.ok && bad.error).toMatch(/^invalid room:react: emoji/);

		// Five in ten seconds; the sixth waits.
		const answers = [];
		for (let i = 0; i < 5; i++)
			answers.push(await dora.request('room:react', { session: ROOM, emoji: '🎉' }));
		expect(answers.slice(0, 4).every((a) => a.ok)).toBe(true);
		expect(answers[4]).toMatchObject({ ok: false, code: 'rate_limited', retry: true });
		expect(await waitFor(() => got.length === 5, 5000)).toBe(true);
	});
});
