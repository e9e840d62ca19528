import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { E2E } from '../../playwright.config.ts';
import { strictAutoplayBrowser } from './strict-autoplay.ts';
import {
	expectAbsentThroughout,
	holdFirstToken,
	livekitOf,
	trackTypesIn,
	tracksIn,
	type TokenAnswer
} from './livekit-support.ts';
import {
	cliInvite,
	connected,
	expectNoAxeViolations,
	expectFitsViewport,
	expectRemoteVideo,
	joinAsGuest,
	joinRoom,
	screenshot,
	setClock,
	signUp
} from './support.ts';

const BREAKOUT = '/sessions/toekomst-wooncooperatie/room';

// These tests move the "clock" server's programme clock, so they run one after another, and in
// this one file: Playwright runs separate files in parallel.
test.describe.configure({ mode: 'serial' });

test('a plenary viewer cannot publish: LiveKit refuses', async ({ page }) => {
	await setClock(page, '2022-01-17T18:35:00+01:00');
	await page.goto('/sessions/plenaire-opening/room');
	await expect(page.locator('[data-phase="connected"]')).toBeVisible({ timeout: 20_000 });
	const outcome = await page.evaluate(async () => {
		const live = (
			globalThis as {
				__plenairLiveRoom?: {
					room?: { localParticipant: { setCameraEnabled(on: boolean): Promise<unknown> } };
				};
			}
		).__plenairLiveRoom;
		try {
			await live!.room!.localParticipant.setCameraEnabled(true);
			return 'published';
		} catch (error) {
			return `refused: ${(error as Error).message}`;
		}
	});
	expect(outcome).toMatch(/^refused/);
	// A viewer's control bar has no microphone, camera or screen share.
	await expect(page.getByRole('toolbar', { name: 'Bediening' })).toBeVisible();
	for (const name of ['Microfoon', 'Camera', 'Scherm delen'])
		await expect(page.getByRole('button', { name, exact: true })).toHaveCount(0);
});

test('the countdown runs before round I, everyone lands in their room, and returns after', async ({
	page
}) => {
	await setClock(page, '2022-01-17T17:00:00+01:00');
	await signUp(page, 'Ilse Kok', 'ilse@example.org');
	await page.goto('/');
	await connected(page);
	const card = page.locator('[data-session="toolkit-energietransitie"]');
	await card.getByRole('button', { name: /Kies deze sessie/ }).click();
	await expect(card.locator('[data-choice="placed"]')).toBeVisible();

	await setClock(page, '2022-01-17T17:13:59+01:00');
	await expect(page.locator('[data-countdown="ronde-1"]')).toBeVisible({ timeout: 5000 });
	await expect(page.locator('[data-countdown="ronde-1"] [role="timer"]')).toHaveText(
		/^0[01]:\d\d$/
	);

	// Ilse once chose camera and microphone on in another room: a move still starts with both off.
	await page.evaluate(() =>
		localStorage.setItem('plenair:media-choice', '{"mic":true,"cam":true}')
	);
	const answered = page.waitForResponse('**/api/sessions/toolkit-energietransitie/token', {
		timeout: 20_000
	});
	await setClock(page, '2022-01-17T17:15:01+01:00');
	await page.waitForURL('**/sessions/toolkit-energietransitie/room', { timeout: 10_000 });
	// Moved in by the programme: no pre-join, a polite notice with the way back, nothing live.
	await expect(page.locator('[data-phase="connected"]')).toBeVisible({ timeout: 20_000 });
	await expect(page.locator('[data-prejoin]')).toHaveCount(0);
	const notice = page.locator('[data-moved-notice]');
	await expect(notice).toHaveAttribute('role', 'status');
	await expect(notice).toContainText('Je bent nu in Toolkit');
	await expect(notice).toContainText('Je camera en microfoon staan uit.');
	await expect(notice.getByRole('link', { name: 'Terug naar het programma' })).toHaveAttribute(
		'href',
		'/'
	);
	const { room, identity } = (await (await answered).json()) as TokenAnswer;
	const { rooms } = livekitOf(E2E.clock.dataDir);
	await expect.poll(() => trackTypesIn(rooms, room, identity), { timeout: 15_000 }).toEqual([]);
	await expectAbsentThroughout(
		async () => ((await tracksIn(rooms, room, identity)) ?? 0) > 0,
		4000,
		'the person moved in publishes a track before turning one on'
	);
	await expect(page.getByText('Je bent live')).toHaveCount(0);
	// A reload keeps the moved state: straight back in, devices off, the notice still there.
	await page.reload();
	await expect(page.locator('[data-phase="connected"]')).toBeVisible({ timeout: 20_000 });
	await expect(page.locator('[data-prejoin]')).toHaveCount(0);
	await expect(notice).toContainText('Je camera en microfoon staan uit.');
	await expect.poll(() => trackTypesIn(rooms, room, identity), { timeout: 15_000 }).toEqual([]);
	// The notice can be dismissed; turning the microphone on is the person's own step.
	await notice.getByRole('button', { name: 'Melding sluiten' }).click();
	await expect(notice).toBeEmpty();
	const mic = page.getByRole('toolbar').getByRole('button', { name: 'Microfoon', exact: true });
	await expect(mic).toHaveAttribute('aria-pressed', 'false');
	await mic.click();
	await expect
		.poll(() => trackTypesIn(rooms, room, identity), { timeout: 15_000 })
		.toEqual(['AUDIO']);

	await setClock(page, '2022-01-17T18:15:01+01:00');
	await page.waitForURL((url) => url.pathname === '/', { timeout: 10_000 });
});

test('a moderator puts a speaker on stage, mutes them, and the other browser sees it', async ({
	browser
}) => {
	test.setTimeout(150_000);
	const desk = { viewport: { width: 1280, height: 800 } };
	const moderatorContext = await browser.newContext(desk);
	const speakerContext = await browser.newContext(desk);
	const moderator = await moderatorContext.newPage();
	const speaker = await speakerContext.newPage();
	await setClock(moderator, '2022-01-17T18:35:00+01:00');
	await signUp(
		moderator,
		'Mila Moderator',
		'mila@example.org',
		await cliInvite('clock', 'moderator', 'plenaire-opening')
	);
	await signUp(
		speaker,
		'Sam Spreker',
		'sam@example.org',
		await cliInvite('clock', 'speaker', 'plenaire-opening')
	);

	// The speaker chooses camera and microphone in the pre-join; backstage nothing is published.
	const answered = speaker.waitForResponse('**/api/sessions/plenaire-opening/token');
	await speaker.goto('/sessions/plenaire-opening/room');
	await joinRoom(speaker, { mic: true, cam: true });
	const { room, identity } = (await (await answered).json()) as TokenAnswer;
	const { rooms } = livekitOf(E2E.clock.dataDir);
	await expect(speaker.getByText('Je staat backstage — nog niet live')).toBeVisible({
		timeout: 20_000
	});
	// Their own picture, decoding frames, only for them.
	await expect
		.poll(
			() =>
				speaker
					.locator('[data-backstage] video[data-preview]')
					.evaluate((v: HTMLVideoElement) => v.videoWidth > 0)
					.catch(() => false),
			{ timeout: 15_000 }
		)
		.toBe(true);
	await expect(speaker.getByText('Je bent live')).toHaveCount(0);
	expect(await trackTypesIn(rooms, room, identity)).toEqual([]);
	await expectNoAxeViolations(speaker);
	await screenshot(speaker, 'speaker-backstage');

	await moderator.goto('/sessions/plenaire-opening/room');
	await joinRoom(moderator);
	const row = moderator.locator('[data-participant="Sam Spreker"]');
	// The moderator's panel: Sam waits backstage, nobody is on stage yet.
	await expect(moderator.getByRole('list', { name: 'Backstage (1)' })).toContainText('Sam Spreker');
	await expectNoAxeViolations(moderator);
	await screenshot(moderator, 'moderator-backstage');
	await row.getByRole('button', { name: 'Op het podium zetten: Sam Spreker' }).click();

	// On stage: live at once, never "backstage" while live, and LiveKit has both tracks.
	await expect(speaker.getByText('Je bent live')).toBeVisible({ timeout: 15_000 });
	await expect(speaker.getByText('Je staat backstage')).toHaveCount(0);
	await expect(speaker.locator('[data-preview]')).toHaveCount(0);
	// Live, they see themselves on the stage as others do.
	await expect(speaker.locator('[data-room-view] [data-local="true"]')).toBeVisible();
	await expect
		.poll(() => trackTypesIn(rooms, room, identity), { timeout: 15_000 })
		.toEqual(['AUDIO', 'VIDEO']);

	// Adaptive streaming only downloads video that is on screen: look at the stage again.
	await moderator.locator('[data-room-view]').scrollIntoViewIfNeeded();
	await expectRemoteVideo(moderator);
	await row.getByRole('button', { name: 'Demp Sam Spreker' }).click({ timeout: 15_000 });
	await expect(
		moderator
			.locator('[data-identity] figcaption', { hasText: 'Sam Spreker' })
			.locator('[data-mic-muted]')
	).toBeVisible({ timeout: 10_000 });
	await expectNoAxeViolations(speaker);
	await screenshot(speaker, 'speaker-live');
	await screenshot(moderator, 'plenary-stage-moderator');

	// The people tab: the stage from LiveKit, the audience from the app (LiveKit hides viewers).
	const viewerContext = await browser.newContext(desk);
	const viewer = await viewerContext.newPage();
	await joinAsGuest(viewer, 'Vera Kijker', '/sessions/plenaire-opening/room');
	await expect(viewer.locator('[data-phase="connected"]')).toBeVisible({ timeout: 20_000 });
	await moderator.getByRole('tab', { name: /^Deelnemers/ }).click();
	const stage = moderator.getByRole('region', { name: 'Op het podium (2)' });
	await expect(stage).toContainText('Sam Spreker');
	await expect(stage).toContainText('Mila Moderator (jij)');
	const audience = moderator.getByRole('region', { name: 'Publiek (1)' });
	await expect(audience).toContainText('Vera Kijker');
	await expectNoAxeViolations(moderator);
	await viewerContext.close();

	// On phones: the stage on top, the panel a sheet; nothing runs off the screen.
	for (const page of [speaker, moderator]) await page.setViewportSize({ width: 390, height: 844 });
	await expectFitsViewport(speaker);
	await expectFitsViewport(moderator);
	await expectNoAxeViolations(speaker);
	await screenshot(speaker, 'speaker-live');
	// The panel stayed open from the desk: on a phone it is a sheet over the lower part.
	await expect(moderator.getByRole('button', { name: 'Zijpaneel' })).toHaveAttribute(
		'aria-pressed',
		'true'
	);
	await expect(moderator.getByRole('tabpanel')).toBeVisible();
	await moderator.getByRole('tab', { name: 'Beheer' }).click();
	await expectFitsViewport(moderator);
	await expectNoAxeViolations(moderator);
	await screenshot(moderator, 'moderator-backstage');

	// An admin takes Sam's speaker role back: Sam leaves the stage at once, and Sam's page
	// connects again, now without the role.
	const adminContext = await browser.newContext(desk);
	const admin = await adminContext.newPage();
	await signUp(admin, 'Ada Admin', 'ada.podium@example.org', await cliInvite('clock', 'admin'));
	await admin.goto('/admin');
	await admin.getByRole('button', { name: 'spreker van Sam Spreker intrekken' }).click();
	await expect(admin.getByRole('status')).toContainText('De rol is ingetrokken');
	await expect(speaker.getByText('Je bent live')).toHaveCount(0, { timeout: 10_000 });
	await expect.poll(() => trackTypesIn(rooms, room, identity), { timeout: 15_000 }).toEqual([]);
	await connected(speaker);
	await Promise.all([moderatorContext.close(), speakerContext.close(), adminContext.close()]);
});

test('a breakout survives a livekit-server restart without a page reload', async ({ browser }) => {
	test.setTimeout(150_000);
	const [a, b] = await Promise.all([browser.newContext(), browser.newContext()]);
	const [pageA, pageB] = await Promise.all([a.newPage(), b.newPage()]);
	await setClock(pageA, '2022-01-17T17:20:00+01:00');
	await joinAsGuest(pageA, 'Rosa', BREAKOUT);
	await joinAsGuest(pageB, 'Stijn', BREAKOUT);
	await joinRoom(pageA, { cam: true });
	await joinRoom(pageB, { cam: true });
	await expectRemoteVideo(pageA);
	await pageA.evaluate(() => ((window as { stillHere?: boolean }).stillHere = true));

	const runtime = JSON.parse(readFileSync(`${E2E.clock.dataDir}/runtime.json`, 'utf8')) as {
		livekitProcessGroup: number;
	};
	process.kill(-runtime.livekitProcessGroup, 'SIGKILL');

	await expect(pageA.locator('[data-phase="reconnecting"]')).toBeVisible({ timeout: 15_000 });
	await expect(pageA.getByText('Verbinding kwijt')).toBeVisible();
	await expect(pageA.locator('[data-phase="connected"]')).toBeVisible({ timeout: 45_000 });
	// Both browsers rejoin the restarted server and publish again before a frame arrives.
	await expectRemoteVideo(pageA, 1, 45_000);
	expect(await pageA.evaluate(() => (window as { stillHere?: boolean }).stillHere)).toBe(true);
	await Promise.all([a.close(), b.close()]);
});

test('a connect still pending when the round ends and the programme moves the person on leaves nothing live', async ({
	page
}) => {
	await setClock(page, '2022-01-17T17:20:00+01:00');
	await signUp(page, 'Rik Rondeinde', 'rik-rondeinde@example.org');
	// The first token answer is held (asking for it placed Rik in the session of the round).
	const token = await holdFirstToken(page, 'toekomst-wooncooperatie');
	await page.goto(BREAKOUT);
	await connected(page);
	await joinRoom(page, { mic: true, cam: true });
	const pending = await token.answer;
	await expect(page.locator('[data-phase="connecting"]')).toBeVisible();
	const { rooms } = livekitOf(E2E.clock.dataDir);

	// The round ends: the programme sends everyone placed in it onwards (room:move).
	await setClock(page, '2022-01-17T18:15:01+01:00');
	await page.waitForURL((url) => url.pathname !== BREAKOUT, {
		timeout: 10_000
	});

	// Only now does the token reach the page: it must not join, publish or stay.
	token.release();
	await token.delivered;
	await expectAbsentThroughout(
		async () => (await tracksIn(rooms, pending.room, pending.identity)) !== undefined,
		6000,
		'the person moved on appears in the room of the round that ended'
	);
});

test('a moderator opening a plenary publishes nothing until they choose; a viewer whose browser blocks sound gets a working button', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const moderatorContext = await browser.newContext();
	const moderator = await moderatorContext.newPage();
	await setClock(moderator, '2022-01-17T18:35:00+01:00');
	await signUp(
		moderator,
		'Mo Plenair',
		'mo-plenair@example.org',
		await cliInvite('clock', 'moderator', 'plenaire-opening')
	);
	// Remembered from a breakout: camera and microphone on. A plenary still starts with both off.
	await moderator.evaluate(() =>
		localStorage.setItem('plenair:media-choice', '{"mic":true,"cam":true}')
	);
	const answered = moderator.waitForResponse('**/api/sessions/plenaire-opening/token');
	await moderator.goto('/sessions/plenaire-opening/room');
	const card = moderator.locator('[data-prejoin]');
	for (const name of ['Microfoon', 'Camera'])
		await expect(card.getByRole('button', { name, exact: true })).toHaveAttribute(
			'aria-pressed',
			'false'
		);
	await expect(card).toContainText('niemand ziet of hoort je');
	await expectNoAxeViolations(moderator);
	await card.getByRole('button', { name: 'Deelnemen' }).click();
	const { room, identity } = (await (await answered).json()) as TokenAnswer;
	const { rooms } = livekitOf(E2E.clock.dataDir);
	await expect(moderator.locator('[data-phase="connected"]')).toBeVisible({ timeout: 20_000 });
	await expect.poll(() => trackTypesIn(rooms, room, identity), { timeout: 15_000 }).toEqual([]);
	await expectAbsentThroughout(
		async () => ((await tracksIn(rooms, room, identity)) ?? 0) > 0,
		4000,
		'the moderator publishes before choosing to'
	);
	await expect(moderator.getByText('Je bent live')).toHaveCount(0);

	// The moderator speaks: their own choice, and now they are live.
	const mic = moderator
		.getByRole('toolbar')
		.getByRole('button', { name: 'Microfoon', exact: true });
	await expect(mic).toHaveAttribute('aria-pressed', 'false');
	await mic.click();
	await expect(moderator.getByText('Je bent live')).toBeVisible({ timeout: 15_000 });
	await expect
		.poll(() => trackTypesIn(rooms, room, identity), { timeout: 15_000 })
		.toEqual(['AUDIO']);

	// A viewer in a browser that plays sound only after a click (the desktop default). Playwright
	// counts as a person interacting with every page it drives, so this Chromium is started on its
	// own with the room's address, and Playwright attaches only once the sound has been refused.
	const strict = await strictAutoplayBrowser(
		`${new URL(moderator.url()).origin}/sessions/plenaire-opening/room`
	);
	try {
		await expect
			.poll(async () => (await rooms.listParticipants(room)).length, { timeout: 30_000 })
			.toBe(2);
		await new Promise((resolve) => setTimeout(resolve, 3000));
		const viewer = await strict.page();
		const enable = viewer.getByRole('button', { name: 'Klik om geluid aan te zetten' });
		await expect(enable).toBeVisible({ timeout: 15_000 });
		const audio = viewer.locator('audio').first();
		expect(await audio.evaluate((a: HTMLAudioElement) => a.paused)).toBe(true);
		await enable.click();
		await expect(enable).toHaveCount(0);
		await expect
			.poll(() => audio.evaluate((a: HTMLAudioElement) => !a.paused && a.srcObject !== null), {
				timeout: 10_000
			})
			.toBe(true);
	} finally {
		await strict.close();
		await moderatorContext.close();
	}
});
