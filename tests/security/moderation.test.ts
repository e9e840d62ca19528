import { chromium, type Browser, type BrowserContext } from '@playwright/test';
import { RoomServiceClient, TrackType, type ParticipantInfo } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerEventPayload } from '../../src/lib/shared/realtime/protocol.ts';
import { cliInvite } from '../support/admin-cli.ts';
import {
	startApp,
	TEST_LIVEKIT_KEY,
	TEST_LIVEKIT_SECRET,
	waitFor,
	type AppProcess
} from '../support/app-process.ts';
import { CHROMIUM_LAUNCH } from '../support/chromium.ts';
import { registerAndSignIn } from '../support/http.ts';
import { clientPool, type TestClient } from '../support/realtime-client.ts';

/*
 * Moderation as an attacker would test it: real app, Redis and livekit-server processes, a real
 * participant publishing from Chromium with fake media, and LiveKit's own RoomService API (not
 * the app) as the judge of what LiveKit holds.
 */
const SLUG = 'cooperatieven-maken-de-stad';
// Round I is live at 17:20; both breakouts are in it.
const BREAKOUT = 'toolkit-energietransitie';
const OTHER = 'toekomst-wooncooperatie';
const ROOM = `${SLUG}--${BREAKOUT}`;

let app: AppProcess;
let rooms: RoomServiceClient;
let browser: Browser;
let moderator: TestClient;
let moderatorSelf: TestClient;
let memberCookie: string;
let memberId: string;
let member: TestClient;
const pool = clientPool();
const contexts: BrowserContext[] = [];

beforeAll(async () => {
	app = await startApp({
		NODE_ENV: 'test',
		PLENAIR_NOW: '2022-01-17T17:20:00+01:00',
		PLENAIR_SIGNIN_LIMIT_PER_IP: '1000'
	});
	rooms = new RoomServiceClient(
		app.livekit!.url.replace(/^ws/, 'http'),
		TEST_LIVEKIT_KEY,
		TEST_LIVEKIT_SECRET
	);
	browser = await chromium.launch(CHROMIUM_LAUNCH);
	const modCookie = await registerAndSignIn(app, 'mod@example.org', {
		invite: await cliInvite(app, 'moderator')
	});
	moderator = await connect(modCookie);
	moderatorSelf = moderator;
	memberCookie = await registerAndSignIn(app, 'pim@example.org');
	member = await connect(memberCookie);
	memberId = (await token(BREAKOUT, memberCookie)).body.identity as string;
}, 120_000);

afterAll(async () => {
	pool.closeAll();
	await Promise.all(contexts.map((c) => c.close()));
	await browser?.close();
	await app?.stop();
});

const connect = (cookie: string) => pool.connect(app.url, cookie);

async function token(session: string, cookie: string) {
	const res = await fetch(`${app.url}/api/sessions/${session}/token`, {
		method: 'POST',
		headers: { cookie }
	});
	return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/**
 * Opens the breakout's room page in Chromium as this person; in the pre-join they turn camera
 * and microphone on and join, so they publish fake media.
 */
async function enterInBrowser(cookie: string): Promise<BrowserContext> {
	const context = await browser.newContext();
	contexts.push(context);
	const [name, value] = cookie.split('=');
	await context.addCookies([{ name, value, url: app.url }]);
	const page = await context.newPage();
	await page.goto(`${app.url}/sessions/${BREAKOUT}/room`);
	const card = page.locator('[data-prejoin]');
	for (const toggle of ['Microfoon', 'Camera'])
		await card.getByRole('button', { name: toggle, exact: true }).click({ timeout: 20_000 });
	await card.getByRole('button', { name: 'Deelnemen' }).click();
	return context;
}

/** The participant as LiveKit lists it, when it is in the room. */
async function inLivekit(identity: string): Promise<ParticipantInfo | undefined> {
	const all = await rooms.listParticipants(ROOM).catch(() => []);
	return all.find((p) => p.identity === identity);
}

async function publishedAudio(identity: string) {
	return (await inLivekit(identity))?.tracks.find((t) => t.type === TrackType.AUDIO);
}

describe('mute is one-way', () => {
	it('lets a moderator mute, refuses an unmute from the app and from LiveKit itself', async () => {
		await enterInBrowser(memberCookie);
		expect(await waitFor(async () => Boolean(await publishedAudio(memberId)), 40_000)).toBe(true);
		const track = (await publishedAudio(memberId))!;
		expect(track.muted).toBe(false);

		// The app takes no unmute at all: the schema allows `muted: true` only.
		const unmute = (await moderator.raw('room:mute', {
			session: BREAKOUT,
			identity: memberId,
			trackSid: track.sid,
			muted: false
		})) as { ok: boolean; code?: string };
		expect(unmute).toMatchObject({ ok: false, code: 'invalid' });
		// Nobody but a moderator mutes.
		expect(
			await member.request('room:mute', {
				session: BREAKOUT,
				identity: memberId,
				trackSid: track.sid,
				muted: true
			})
		).toMatchObject({ ok: false, code: 'forbidden' });

		const muted = await moderator.request('room:mute', {
			session: BREAKOUT,
			identity: memberId,
			trackSid: track.sid,
			muted: true
		});
		expect(muted.ok).toBe(true);
		expect(
			await waitFor(async () => (await publishedAudio(memberId))?.muted === true, 10_000)
		).toBe(true);

		// Straight to livekit-server with the API key (what a moderator's roomAdmin token also
		// allows): the generated configuration refuses remote unmutes.
		await expect(rooms.mutePublishedTrack(ROOM, memberId, track.sid, false)).rejects.toThrow(
			/remote unmute/i
		);
		expect((await publishedAudio(memberId))?.muted).toBe(true);
	});
});

describe('removal sticks', () => {
	it('ends LiveKit presence, tells their tabs, and refuses a new token until readmitted', async () => {
		expect(await inLivekit(memberId)).toBeDefined();
		const removed: ServerEventPayload<'room:removed'>[] = [];
		member.on('room:removed', (p) => removed.push(p));

		expect(
			await member.request('room:remove', { session: BREAKOUT, identity: memberId })
		).toMatchObject({ ok: false, code: 'forbidden' });
		expect(
			await moderator.request('room:remove', { session: BREAKOUT, identity: 'nobody-at-all' })
		).toMatchObject({ ok: false, code: 'not_found' });

		expect(
			(await moderator.request('room:remove', { session: BREAKOUT, identity: memberId })).ok
		).toBe(true);
		expect(await waitFor(async () => (await inLivekit(memberId)) === undefined, 10_000)).toBe(true);
		expect(await waitFor(() => removed.length === 1, 5000)).toBe(true);
		expect(removed[0]).toEqual({ session: BREAKOUT });

		// Reconnecting is refused, for this session only.
		const again = await token(BREAKOUT, memberCookie);
		expect(again.status).toBe(403);
		expect(again.body).toMatchObject({ code: 'removed' });
		expect(typeof again.body.message).toBe('string');
		expect(again.body.token).toBeUndefined();
		expect((await token(OTHER, memberCookie)).status).toBe(200);

		// The moderator sees who was removed, and lets them back in.
		const list = await moderatorSelf.request('room:participants', { session: BREAKOUT });
		if (!list.ok) throw new Error(list.error);
		expect(list.removed.map((r) => [r.identity, r.name])).toEqual([[memberId, 'pim']]);
		expect(
			await member.request('room:readmit', { session: BREAKOUT, identity: memberId })
		).toMatchObject({ ok: false, code: 'forbidden' });
		expect(
			(await moderator.request('room:readmit', { session: BREAKOUT, identity: memberId })).ok
		).toBe(true);
		expect((await token(BREAKOUT, memberCookie)).status).toBe(200);
		const after = await moderatorSelf.request('room:participants', { session: BREAKOUT });
		expect(after.ok && after.removed).toEqual([]);
	});

	it('a room ban ends LiveKit presence and makes the token endpoint refuse them', async () => {
		const banned = await registerAndSignIn(app, 'bo@example.org');
		const bannedId = (await token(BREAKOUT, banned)).body.identity as string;
		await enterInBrowser(banned);
		expect(await waitFor(async () => Boolean(await inLivekit(bannedId)), 40_000)).toBe(true);
		// Moderators act on a message: nobody else learns a person's account id.
		const writer = await connect(banned);
		const said = async (room: string) => {
			expect((await writer.request('chat:join', { room })).ok).toBe(true);
			const sent = await writer.request('chat:send', {
				room,
				id: crypto.randomUUID(),
				kind: 'message',
				text: 'Hallo allemaal'
			});
			if (!sent.ok) throw new Error(sent.error);
			return sent.id;
		};

		expect(
			(
				await moderator.request('chat:ban', {
					room: BREAKOUT,
					messageId: await said(BREAKOUT),
					scope: 'room'
				})
			).ok
		).toBe(true);
		expect(await waitFor(async () => (await inLivekit(bannedId)) === undefined, 10_000)).toBe(true);
		const refused = await token(BREAKOUT, banned);
		expect(refused.status).toBe(403);
		expect(refused.body).toMatchObject({ code: 'banned' });
		// A room ban is for that room; an event ban is for every room.
		expect((await token(OTHER, banned)).status).toBe(200);
		expect(
			(
				await moderator.request('chat:ban', {
					room: OTHER,
					messageId: await said(OTHER),
					scope: 'event'
				})
			).ok
		).toBe(true);
		expect((await token(OTHER, banned)).body).toMatchObject({ code: 'banned' });
	});
});

describe('moving a person checks they are in `from`', () => {
	it('refuses to move someone who is not in the room, and moves someone who is', async () => {
		// Readmitted (above), the member comes back to BREAKOUT; they are not in OTHER.
		await enterInBrowser(memberCookie);
		expect(await waitFor(async () => Boolean(await inLivekit(memberId)), 40_000)).toBe(true);
		const moves: ServerEventPayload<'room:move'>[] = [];
		member.on('room:move', (p) => moves.push(p));
		expect(
			await moderator.request('room:move-person', { from: OTHER, identity: memberId, to: BREAKOUT })
		).toMatchObject({ ok: false, code: 'not_in_room' });
		expect(
			await moderator.request('room:move-person', {
				from: BREAKOUT,
				identity: 'someone-made-up',
				to: OTHER
			})
		).toMatchObject({ ok: false, code: 'not_in_room' });
		expect(
			await member.request('room:move-person', { from: BREAKOUT, identity: memberId, to: OTHER })
		).toMatchObject({ ok: false, code: 'forbidden' });
		expect(moves).toEqual([]);

		expect(
			(
				await moderator.request('room:move-person', {
					from: BREAKOUT,
					identity: memberId,
					to: OTHER
				})
			).ok
		).toBe(true);
		expect(await waitFor(() => moves.length === 1, 5000)).toBe(true);
		expect(moves[0]).toEqual({
			destination: { kind: 'session', session: OTHER },
			reason: 'moderator'
		});
	});
});
