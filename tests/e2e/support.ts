import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { E2E } from '../../playwright.config.ts';
import { cliInvite as adminInvite } from '../support/admin-cli.ts';

export async function expectNoAxeViolations(page: Page) {
	const results = await new AxeBuilder({ page }).analyze();
	expect(
		results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)
	).toEqual([]);
}

/** An invite link's path, made with the admin command line against one of the e2e servers. */
export async function cliInvite(
	server: keyof typeof E2E,
	role: string,
	session?: string
): Promise<string> {
	const { dataDir, port, env } = E2E[server];
	const app = { dataDir, url: `http://127.0.0.1:${port}` };
	return `/invite/${await adminInvite(app, role, { session, uses: 5, env })}`;
}

/** Follows the newest sign-in link mailed to this address, as shown by the dev outbox. */
export async function openMailedLink(page: Page, email: string) {
	await page.goto('/dev/outbox');
	const text = await page.locator(`[data-mail-to="${email}"] pre`).first().textContent();
	const link = text?.match(/https?:\/\/\S+\/auth\/link\?token=\S+/)?.[0];
	expect(link, 'a sign-in link in the mail').toBeTruthy();
	const url = new URL(link!);
	await page.goto(url.pathname + url.search);
	await page.getByRole('button', { name: 'Inloggen' }).click();
	await expect(page.locator('[data-signed-in]')).toBeVisible();
}

export async function fillRegistration(page: Page, name: string, email: string) {
	await page.getByLabel('Naam', { exact: true }).fill(name);
	await page.getByLabel('E-mailadres').fill(email);
	await page.getByRole('button', { name: 'Stuur mij een aanmeldlink' }).click();
	await expect(page.getByRole('status')).toContainText(email);
}

/** Registers (through an invite when given) and signs in through the mailed link. */
export async function signUp(page: Page, name: string, email: string, invitePath?: string) {
	await page.goto(invitePath ?? '/register');
	await fillRegistration(page, name, email);
	await openMailedLink(page, email);
}

/** Joins an open event as a guest with only a name, then goes to `next`. */
export async function joinAsGuest(page: Page, name: string, next: string) {
	await page.goto(`/guest?next=${encodeURIComponent(next)}`);
	await page.getByLabel('Naam die anderen zien').fill(name);
	await page.getByRole('button', { name: 'Meedoen' }).click();
	await page.waitForURL((url) => url.pathname === next);
}

/** Waits until the page's live connection is up, so the next server event reaches it. */
export async function connected(page: Page) {
	await expect(page.locator('main[data-realtime="connected"]')).toBeVisible();
}

/** Moves the clock of the "clock" e2e server. */
export async function setClock(page: Page, at: string) {
	const res = await page.request.post('/api/test/clock', { data: { at } });
	expect(res.ok()).toBe(true);
}

/** Resolves once a remote video in the page is decoding frames (a real remote track). */
export async function expectRemoteVideo(page: Page, count = 1, timeout = 20_000) {
	await expect
		.poll(
			() =>
				page.evaluate(
					() =>
						[...document.querySelectorAll<HTMLVideoElement>('video[data-remote="true"]')].filter(
							(v) =>
								v.srcObject instanceof MediaStream &&
								v.srcObject.getVideoTracks().some((t) => t.readyState === 'live') &&
								v.videoWidth > 0
						).length
				),
			{ timeout }
		)
		.toBeGreaterThanOrEqual(count);
}

/**
 * Goes through the room's pre-join as a person does: sets the microphone and camera switches
 * (both off unless asked), then "Deelnemen". Nothing is turned on by itself.
 */
export async function joinRoom(page: Page, { mic = false, cam = false } = {}) {
	const card = page.locator('[data-prejoin]');
	await expect(card).toBeVisible({ timeout: 15_000 });
	for (const [name, want] of [
		['Microfoon', mic],
		['Camera', cam]
	] as const) {
		const toggle = card.getByRole('button', { name, exact: true });
		if ((await toggle.getAttribute('aria-pressed')) !== String(want)) await toggle.click();
		await expect(toggle).toHaveAttribute('aria-pressed', String(want));
	}
	await card.getByRole('button', { name: 'Deelnemen' }).click();
	await expect(card).toHaveCount(0);
}

/** No element reaches past the right edge (wide tables scroll within `.table-scroll`). */
export async function expectNothingSticksOut(page: Page) {
	const wide = await page.evaluate(() =>
		[...document.querySelectorAll('body *')]
			.filter(
				(e) =>
					!e.closest('.table-scroll') && e.getBoundingClientRect().right > window.innerWidth + 1
			)
			.map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}.${e.className}`)
			.slice(0, 5)
	);
	expect(wide, page.url()).toEqual([]);
}

/** Nothing sticks out sideways, and the control bar is on screen. */
export async function expectFitsViewport(page: Page) {
	const { scrollWidth, innerWidth } = await page.evaluate(() => ({
		scrollWidth: document.documentElement.scrollWidth,
		innerWidth: window.innerWidth
	}));
	expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
	const bar = page.getByRole('toolbar', { name: 'Bediening' });
	await expect(bar).toBeInViewport({ ratio: 1 });
	await expect(bar.getByRole('link', { name: 'Verlaten' })).toBeInViewport({ ratio: 1 });
}

/**
 * Keeps a picture of the screen for people to judge (test-results/screens/<name>-<width>.png):
 * the venue at desk and phone size, looked at by eye, not compared by the test.
 */
export async function screenshot(page: Page, name: string) {
	const width = page.viewportSize()?.width ?? 0;
	await page.screenshot({ path: `test-results/screens/${name}-${width}.png` });
}
