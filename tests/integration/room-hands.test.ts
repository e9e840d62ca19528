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

	it('a hand stays up while another tab of the person is on the page, and comes down with the last', async () => {
		const moderator = await connect(
			await registerAndSignIn(app, 'hands-mod2@example.org', {
				invite: await cliInvite(app, 'moderator', { session: ROOM })
			})
		);
		const fay = await guestCookie(app.url, 'Fay');
		const [tab1, tab2] = [await connect(fay), await connect(fay)];
		for (const c of [moderator, tab1, tab2])
			expect((await c.request('room:enter', { session: ROOM })).ok).toBe(true);
		const up = await tab1.request('room:hand', { session: ROOM, raised: true });
		expect(up.ok && names(up.hands)).toContain('Fay');

		// Leaving in one tab (the ack comes once the server decided) keeps the hand: tab 2 is there.
		expect((await tab1.request('room:leave', { session: ROOM })).ok).toBe(true);
		const still = await moderator.request('room:hands', { session: ROOM });
		expect(still.ok && names(still.hands)).toContain('Fay');

		// Closing the last tab (no 'room:leave' sent, as when a browser tab is closed) lowers it.
		const seen: ServerEventPayload<'room:hands'>[] = [];
		moderator.on('room:hands', (p) => seen.push(p));
		tab2.close();
		expect(await waitFor(() => seen.some((p) => !names(p.hands).includes('Fay')), 5000)).toBe(true);
		const after = await moderator.request('room:hands', { session: ROOM });
		expect(after.ok && names(after.hands)).not.toContain('Fay');
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

describe('who is on the page', () => {
	// Another breakout of the round, so no other test's people are counted.
	const OTHER = 'toolkit-energietransitie';
	it('lists each signed-in person once with their role, counts the rest, and only for those inside', async () => {
		const mod = await connect(
			await registerAndSignIn(app, 'people-mod@example.org', {
				invite: await cliInvite(app, 'moderator', { session: OTHER })
			})
		);
		const gijs = await guestCookie(app.url, 'Gijs');
		const visitors = [mod, await connect(gijs), await connect(gijs)];
		const outsider = await connect(await guestCookie(app.url, 'Hanna'));
		expect(await outsider.request('room:people', { session: OTHER })).toMatchObject({
			ok: false,
			code: 'not_in_room'
		});
		for (const c of visitors)
			expect((await c.request('room:enter', { session: OTHER })).ok).toBe(true);

		const answer = await visitors[1].request('room:people', { session: OTHER });
		if (!answer.ok) throw new Error(answer.error);
		expect(answer.people.map((p) => [p.name, p.role])).toEqual([
			['people-mod', 'moderator'],
			['Gijs', undefined]
		]);
		expect(answer.count).toBe(2);
		expect(answer.anonymous).toBe(0);

		// A plenary's anonymous viewers are counted, never named.
		const viewers = [await connect(), await connect(await guestCookie(app.url, 'Ida'))];
		for (const c of viewers)
			expect((await c.request('room:enter', { session: 'plenaire-opening' })).ok).toBe(true);
		const audience = await viewers[0].request('room:people', { session: 'plenaire-opening' });
		expect(audience).toEqual({
			ok: true,
			people: [{ userId: expect.any(String), name: 'Ida' }],
			count: 2,
			anonymous: 1
		});
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
