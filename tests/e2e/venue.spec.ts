import { expect, test } from '@playwright/test';
import {
	expectFitsViewport,
	expectNoAxeViolations,
	joinAsGuest,
	joinRoom,
	screenshot
} from './support.ts';

// The "app" server's clock is at 17:20: break-out round I is live.
const BREAKOUT = '/sessions/toekomst-wooncooperatie/room';

test('two people in a breakout: a raised hand, a reaction, the panel from the keyboard, at desk and phone size', async ({
	browser
}) => {
	test.setTimeout(150_000);
	const [a, b] = await Promise.all([
		browser.newContext({ viewport: { width: 1280, height: 800 } }),
		browser.newContext({ viewport: { width: 1280, height: 800 } })
	]);
	const [hanna, ruben] = await Promise.all([a.newPage(), b.newPage()]);
	await joinAsGuest(hanna, 'Hanna Hand', BREAKOUT);
	await joinAsGuest(ruben, 'Ruben Reactie', BREAKOUT);
	await expect(hanna.locator('[data-prejoin]')).toBeVisible({ timeout: 15_000 });
	await expectNoAxeViolations(hanna);
	await screenshot(hanna, 'prejoin');
	for (const page of [hanna, ruben]) {
		await joinRoom(page);
		await expect(page.locator('[data-phase="connected"]')).toBeVisible({ timeout: 20_000 });
	}

	// The site's header and footer make way for the room's own top bar.
	await expect(hanna.getByRole('heading', { level: 1 })).toHaveText(
		'De toekomst van de wooncoöperatie'
	);
	await expect(hanna.locator('.site-header')).toHaveCount(0);
	await expect(hanna.getByText(/^Ronde: nog \d+ min$/)).toBeVisible();

	// Typing an "h" in the chat is a letter, not a raised hand.
	await hanna.getByLabel('Je bericht').fill('hallo');
	await hanna.getByLabel('Je bericht').press('h');
	await expect(hanna.getByRole('button', { name: 'Hand opsteken' })).toHaveAttribute(
		'aria-pressed',
		'false'
	);

	// Ruben raises his hand with the shortcut; Hanna finds it under People, reached by keyboard.
	await ruben.locator('body').press('h');
	await expect(ruben.getByRole('button', { name: 'Hand opsteken' })).toHaveAttribute(
		'aria-pressed',
		'true'
	);
	const chatTab = hanna.getByRole('tab', { name: 'Chat' });
	await chatTab.focus();
	await hanna.keyboard.press('ArrowRight');
	await expect(hanna.getByRole('tab', { name: /^Peilingen/ })).toBeFocused();
	await hanna.keyboard.press('ArrowRight');
	const peopleTab = hanna.getByRole('tab', { name: /^Deelnemers/ });
	await expect(peopleTab).toBeFocused();
	await hanna.keyboard.press('Enter');
	await expect(peopleTab).toHaveAttribute('aria-selected', 'true');
	await expect(hanna.getByRole('log', { name: 'Chat' })).toBeHidden();
	// Others may have hands up in this room from earlier journeys on the same server: look for his.
	const hands = hanna.getByRole('region', { name: /^Opgestoken handen \(\d+\)$/ });
	await expect(hands.getByRole('listitem').filter({ hasText: 'Ruben Reactie' })).toHaveCount(1);
	await expect(peopleTab).toContainText(/\d/);
	await expect(hanna.getByRole('region', { name: 'Deelnemers (2)' })).toContainText(
		'Hanna Hand (jij)'
	);

	// Ruben claps; it floats over Hanna's stage and is said once, politely.
	await ruben.getByRole('button', { name: 'Reageren' }).click();
	await ruben.getByRole('menuitem', { name: 'Applaus' }).click();
	await expect(hanna.locator('[data-reaction="👏"]')).toContainText('Ruben Reactie');
	await expect(hanna.locator('[data-reaction-announcement]')).toHaveText(
		'Reacties: Ruben Reactie: Applaus',
		{ timeout: 10_000 }
	);
	await expect(hanna.locator('[data-reaction="👏"]')).toHaveCount(0, { timeout: 10_000 });

	// He lowers it again: gone from Hanna's list.
	await ruben.getByRole('button', { name: 'Hand opsteken' }).click();
	await expect(hands.getByRole('listitem').filter({ hasText: 'Ruben Reactie' })).toHaveCount(0);
	await expect(ruben.getByRole('button', { name: 'Hand opsteken' })).toHaveAttribute(
		'aria-pressed',
		'false'
	);

	await expectNoAxeViolations(hanna);
	await expectFitsViewport(hanna);
	await screenshot(hanna, 'breakout-attendee');

	// A phone in portrait: the video on top, the panel a sheet from the control bar.
	await hanna.setViewportSize({ width: 390, height: 844 });
	await hanna.reload();
	// A reload asks again before going live; the pre-join fits the phone too.
	const prejoin = hanna.locator('[data-prejoin]');
	await expect(prejoin).toBeVisible({ timeout: 15_000 });
	expect(await hanna.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
	await expect(prejoin.getByRole('button', { name: 'Deelnemen' })).toBeInViewport({ ratio: 1 });
	await screenshot(hanna, 'prejoin');
	await joinRoom(hanna);
	await expect(hanna.locator('[data-phase="connected"]')).toBeVisible({ timeout: 20_000 });
	await expect(hanna.getByRole('tabpanel')).toBeHidden();
	await expectFitsViewport(hanna);
	await expectNoAxeViolations(hanna);
	await screenshot(hanna, 'breakout-attendee');
	const panel = hanna.getByRole('button', { name: 'Zijpaneel' });
	await expect(panel).toHaveAttribute('aria-pressed', 'false');
	await panel.click();
	await expect(hanna.getByRole('tabpanel')).toBeVisible();
	await expect(hanna.locator('[data-room-view="grid"]')).toBeInViewport();
	await expectFitsViewport(hanna);
	await expectNoAxeViolations(hanna);
	await screenshot(hanna, 'breakout-attendee-panel');
	await hanna.getByRole('button', { name: 'Paneel sluiten' }).click();
	await expect(hanna.getByRole('tabpanel')).toBeHidden();
	await Promise.all([a.close(), b.close()]);
});
