import { expect, test } from '@playwright/test';
import { E2E } from '../../playwright.config.ts';
import { livekitOf, trackTypesIn, type TokenAnswer } from './livekit-support.ts';
import { expectNoAxeViolations, joinAsGuest, joinRoom } from './support.ts';

/*
 * The pre-join before a breakout ("app" server, clock at 17:20: round I is live). LiveKit's own
 * RoomService says what is published, not the app. rooms.spec.ts counts the people in
 * toekomst-wooncooperatie, so this uses another room of the round.
 */
const SESSION = 'toolkit-energietransitie';
const ROOM_PATH = `/sessions/${SESSION}/room`;

test('a breakout joiner chooses the camera in the pre-join: only the camera goes live, and the choice is remembered', async ({
	page
}) => {
	test.setTimeout(90_000);
	await joinAsGuest(page, 'Carla Camera', ROOM_PATH);
	const card = page.locator('[data-prejoin]');
	await expect(card.getByRole('heading', { name: 'Klaar om deel te nemen?' })).toBeVisible();
	// A first visit: both off, the name others will see, and no request to join yet.
	await expect(card.getByRole('button', { name: 'Camera', exact: true })).toHaveAttribute(
		'aria-pressed',
		'false'
	);
	await expect(card.getByText('Je camera staat uit')).toBeVisible();
	await expect(card).toContainText('Anderen zien je als Carla Camera.');
	await expect(card.getByRole('link', { name: 'Naam wijzigen' })).toHaveAttribute(
		'href',
		'/profile'
	);
	await expect(card.locator('select')).toHaveCount(0);

	// The camera on: its picture shows in the preview (a local track, decoding frames).
	await card.getByRole('button', { name: 'Camera', exact: true }).click();
	await expect
		.poll(() =>
			card
				.locator('video[data-preview]')
				.evaluate((v: HTMLVideoElement) => v.videoWidth > 0 && !v.paused)
				.catch(() => false)
		)
		.toBe(true);
	// The microphone on: the level meter follows the fake microphone's beeps.
	await card.getByRole('button', { name: 'Microfoon', exact: true }).click();
	const meter = card.getByRole('meter', { name: 'Microfoonniveau' });
	// The fake microphone beeps briefly once a second: watch the meter rather than sample it.
	const heard = await meter.evaluate(
		(el) =>
			new Promise<boolean>((resolve) => {
				const sound = () => Number(el.getAttribute('aria-valuenow')) > 0;
				if (sound()) return resolve(true);
				new MutationObserver(() => sound() && resolve(true)).observe(el, { attributes: true });
				setTimeout(() => resolve(false), 8000);
			})
	);
	expect(heard, 'the level meter moves with the microphone').toBe(true);
	await card.getByRole('button', { name: 'Microfoon', exact: true }).click();
	await expect(meter).toHaveAttribute('aria-valuetext', 'uit');
	// The device menu is a styled listbox with the fake camera in it.
	await card.getByRole('combobox', { name: /^Camera: / }).click();
	await expect(page.getByRole('option').first()).toBeVisible();
	await page.keyboard.press('Escape');
	await expectNoAxeViolations(page);

	const answered = page.waitForResponse(`**/api/sessions/${SESSION}/token`);
	await joinRoom(page, { mic: false, cam: true });
	const { room, identity } = (await (await answered).json()) as TokenAnswer;
	const { rooms } = livekitOf(E2E.app.dataDir);
	await expect
		.poll(() => trackTypesIn(rooms, room, identity), { timeout: 20_000 })
		.toEqual(['VIDEO']);
	await expect(page.locator('[data-preview]')).toHaveCount(0);

	// The next visit: the pre-join starts with what was chosen.
	await page.goto('/');
	await page.goto(ROOM_PATH);
	await expect(card.getByRole('button', { name: 'Camera', exact: true })).toHaveAttribute(
		'aria-pressed',
		'true'
	);
	await expect(card.getByRole('button', { name: 'Microfoon', exact: true })).toHaveAttribute(
		'aria-pressed',
		'false'
	);
	// The page with the pre-join is gone from the room in LiveKit: the preview published nothing.
	await expect.poll(() => trackTypesIn(rooms, room, identity), { timeout: 20_000 }).toBeUndefined();
});
