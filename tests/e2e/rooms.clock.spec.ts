import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { E2E } from '../../playwright.config.ts';
import { expectAbsentThroughout, holdFirstToken, livekitOf, tracksIn } from './livekit-support.ts';
import { cliInvite, expectRemoteVideo, joinAsGuest, setClock, signUp } from './support.ts';

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
	const card = page.locator('[data-session="toolkit-energietransitie"]');
	await card.getByRole('button', { name: /Kies deze sessie/ }).click();
	await expect(card.locator('[data-choice="placed"]')).toBeVisible();

	await setClock(page, '2022-01-17T17:13:59+01:00');
	await expect(page.locator('[data-countdown="ronde-1"]')).toBeVisible({ timeout: 5000 });
	await expect(page.locator('[data-countdown="ronde-1"] [role="timer"]')).toHaveText(
		/^0[01]:\d\d$/
	);

	await setClock(page, '2022-01-17T17:15:01+01:00');
	await page.waitForURL('**/sessions/toolkit-energietransitie/room', { timeout: 10_000 });
	await expect(page.locator('[data-phase="connected"]')).toBeVisible({ timeout: 20_000 });

	await setClock(page, '2022-01-17T18:15:01+01:00');
	await page.waitForURL((url) => url.pathname === '/', { timeout: 10_000 });
});

test('a moderator puts a speaker on stage, mutes them, and the other browser sees it', async ({
	browser
}) => {
	const moderatorContext = await browser.newContext();
	const speakerContext = await browser.newContext();
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

	await speaker.goto('/sessions/plenaire-opening/room');
	await expect(speaker.getByText('Je staat backstage')).toBeVisible({ timeout: 20_000 });
	await moderator.goto('/sessions/plenaire-opening/room');
	const row = moderator.locator('[data-participant="Sam Spreker"]');
	await row.getByRole('button', { name: 'Op het podium' }).click();

	// Adaptive streaming only downloads video that is on screen: look at the stage again.
	await moderator.locator('[data-room-view]').scrollIntoViewIfNeeded();
	await expectRemoteVideo(moderator);
	await row.getByRole('button', { name: 'Demp Sam Spreker' }).click({ timeout: 15_000 });
	await expect(
		moderator
			.locator('[data-identity] figcaption', { hasText: 'Sam Spreker' })
			.locator('[data-mic-muted]')
	).toBeVisible({ timeout: 10_000 });
	await Promise.all([moderatorContext.close(), speakerContext.close()]);
});

test('a breakout survives a livekit-server restart without a page reload', async ({ browser }) => {
	test.setTimeout(150_000);
	const [a, b] = await Promise.all([browser.newContext(), browser.newContext()]);
	const [pageA, pageB] = await Promise.all([a.newPage(), b.newPage()]);
	await setClock(pageA, '2022-01-17T17:20:00+01:00');
	await joinAsGuest(pageA, 'Rosa', BREAKOUT);
	await joinAsGuest(pageB, 'Stijn', BREAKOUT);
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
