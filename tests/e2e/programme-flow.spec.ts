import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations, joinAsGuest } from './support.ts';

/*
 * The programme page at 17:20 (round I live) as a visitor and a guest would see it: what is live
 * first (also on a phone), how to take part on every round card, separators with their spaces,
 * and no axe violations at desktop and phone size. Screenshots go to test-results/ (not kept).
 */
const sizes = [
	{ name: 'desktop', width: 1280, height: 800 },
	{ name: 'phone', width: 390, height: 844 }
] as const;

/** Text where a separator lost a space: "a·b", "a ·b", "a· b" or "a,b" (not in numbers). */
async function glitches(page: Page): Promise<string[]> {
	const text = await page.locator('main').innerText();
	return text.split('\n').filter((line) => /\S·|·\S|[^\d\s],\S/.test(line));
}

for (const size of sizes)
	test(`programme at ${size.width}×${size.height}: live now first, axe clean`, async ({ page }) => {
		await page.setViewportSize({ width: size.width, height: size.height });
		await page.goto('/');
		const live = page.locator('.live-now');
		await expect(live.locator('[data-live-session]').first()).toBeVisible();
		// The first screen shows the live sessions and a way in, without scrolling.
		const box = await live.locator('[data-live-session] a').first().boundingBox();
		expect(box, 'a join link for what is live').not.toBeNull();
		expect(box!.y + box!.height).toBeLessThanOrEqual(size.height);
		await expectNoAxeViolations(page);
		expect(await glitches(page)).toEqual([]);
		await page.screenshot({ path: `test-results/screens/programme-${size.name}.png` });
		await page
			.locator('[data-slot="ronde-2"]')
			.screenshot({ path: `test-results/screens/programme-${size.name}-round.png` });
	});

test('a visitor sees how to take part on every round card: sign in, or as a guest', async ({
	page
}) => {
	await page.goto('/');
	const cards = page.locator('[data-slot="ronde-2"] [data-session]');
	await expect(cards).toHaveCount(3);
	for (const card of await cards.all()) {
		await expect(card.locator('[data-take-part="visitor"]')).toContainText(
			'log in om vooraf een plek te kiezen, of kom zonder account binnen als gast'
		);
		await expect(card.getByRole('link', { name: /^Log in ?:/ })).toHaveAttribute(
			'href',
			'/signin?next=%2F'
		);
		await expect(card.getByRole('link', { name: /^Meedoen als gast ?:/ })).toBeVisible();
	}
	// A live round's guest path leads straight into that session's room.
	const live = page.locator('[data-session="toolkit-energietransitie"]');
	await expect(live.getByRole('link', { name: /^Meedoen als gast ?:/ })).toHaveAttribute(
		'href',
		`/guest?next=${encodeURIComponent('/sessions/toolkit-energietransitie/room')}`
	);
});

test('a guest is told they get in while there is room, with the way in when live', async ({
	page
}) => {
	await joinAsGuest(page, 'Gijs Gast', '/');
	const live = page.locator('[data-session="toolkit-energietransitie"]');
	await expect(live.locator('[data-take-part="guest"]')).toContainText(
		'Als gast kies je niet vooraf: je komt binnen zolang er plaats is.'
	);
	await expect(live.getByRole('link', { name: /^Naar de ruimte ?:/ })).toHaveAttribute(
		'href',
		'/sessions/toolkit-energietransitie/room'
	);
	await expect(
		page.locator('[data-session="cooperatieve-fondsen"] [data-take-part="guest"]')
	).toBeVisible();
	expect(await glitches(page)).toEqual([]);
});

test("the session page meta line keeps its separators, also with the viewer's own time", async ({
	browser
}) => {
	// A viewer in New York sees their own time too: it must not split "· Plenaire zaal" off.
	const context = await browser.newContext({ timezoneId: 'America/New_York' });
	const page = await context.newPage();
	await page.goto('/sessions/plenaire-opening');
	const meta = page.locator('.session-page .meta').first();
	await expect(meta.locator('.viewer-time')).toBeVisible();
	const lines = (await meta.innerText()).split('\n').map((l) => l.trim());
	expect(lines[0]).toMatch(/^maandag 17 januari 2022, 18:30–19:30 · Plenaire zaal$/);
	expect(lines.filter((l) => l.startsWith('·') || l.endsWith('·'))).toEqual([]);
	expect(await glitches(page)).toEqual([]);
	await context.close();
});
