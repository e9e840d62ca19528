import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, expectRemoteVideo, joinAsGuest, joinRoom } from './support.ts';

// The "app" server's clock is at 17:20: break-out round I is live.
const BREAKOUT = '/sessions/toekomst-wooncooperatie/room';

test("two people in one breakout each receive the other's video", async ({ browser }) => {
	// Two browsers with fake camera and microphone, beside the other media tests on two cores.
	test.setTimeout(120_000);
	const [a, b] = await Promise.all([browser.newContext(), browser.newContext()]);
	const [pageA, pageB] = await Promise.all([a.newPage(), b.newPage()]);
	await joinAsGuest(pageA, 'Anouk', BREAKOUT);
	await joinAsGuest(pageB, 'Bram', BREAKOUT);
	// Each turns camera and microphone on in the pre-join, as a person does.
	await joinRoom(pageA, { mic: true, cam: true });
	await joinRoom(pageB, { mic: true, cam: true });

	for (const page of [pageA, pageB])
		await expect(page.locator('[data-phase="connected"]')).toBeVisible({ timeout: 20_000 });
	await expectRemoteVideo(pageA);
	await expectRemoteVideo(pageB);
	await expect(
		pageA.locator('[data-room-view="grid"] figcaption', { hasText: 'Bram' })
	).toBeVisible();
	await expect(
		pageB.locator('[data-room-view="grid"] figcaption', { hasText: 'Anouk' })
	).toBeVisible();
	await expect(pageA.getByRole('button', { name: 'Microfoon', exact: true })).toHaveAttribute(
		'aria-pressed',
		'true'
	);
	await expectNoAxeViolations(pageA);

	// livekit-server's webhooks reach the app: the programme counts both people in the room.
	const programme = await a.newPage();
	await expect
		.poll(
			async () => {
				await programme.goto('/');
				return programme
					.locator('[data-session="toekomst-wooncooperatie"] [data-present]')
					.getAttribute('data-present');
			},
			{ timeout: 15_000 }
		)
		.toBe('2');
	await Promise.all([a.close(), b.close()]);
});

test('nobody enters a room without the right, and the room says why', async ({ page }) => {
	const res = await page.request.post('/api/sessions/toekomst-wooncooperatie/token');
	expect(res.status()).toBe(401);
	const upcoming = await page.request.post('/api/sessions/plenaire-afsluiting/token');
	expect(upcoming.status()).toBe(425);
	const unknown = await page.request.post('/api/sessions/nope/token');
	expect(unknown.status()).toBe(404);
	// The room page says so in the visitor's language.
	await page.goto('/sessions/toekomst-wooncooperatie/room');
	await expect(page.locator('[data-room-error]')).toContainText(
		'Log in om deze ruimte binnen te gaan.'
	);
	await joinAsGuest(page, 'Vera', '/sessions/plenaire-afsluiting/room');
	await expect(page.locator('[data-room-error]')).toContainText(
		'Deze sessie is nog niet begonnen.'
	);
	// Never the server's English detail in the Dutch UI.
	for (const english of ['Sign in to enter', 'has not started yet', 'You may not enter'])
		await expect(page.locator('main')).not.toContainText(english);
});
