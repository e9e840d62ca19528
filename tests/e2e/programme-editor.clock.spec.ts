import { expect, test, type Page } from '@playwright/test';
import {
	cliInvite,
	connected,
	expectNoAxeViolations,
	expectNothingSticksOut,
	screenshot,
	setClock,
	signUp
} from './support.ts';

/*
 * An organiser changes the programme during the evening, in the browser: a round moves, and an
 * attendee's open programme page and personal calendar follow without a reload. On the "clock"
 * server; the round is put back afterwards so the other clock journeys see the demo programme.
 */
test.describe.configure({ mode: 'serial' });

const ROUND = 'ronde-2';
const SESSION = 'cooperatieve-fondsen';

async function moveRound(page: Page, minutes: number) {
	await page.goto('/admin/programme');
	const row = page.locator(`[data-round="${ROUND}"]`);
	await row.getByRole('spinbutton').fill(String(minutes));
	await row.getByRole('button', { name: 'Verschuif' }).click();
	await expect(page.getByRole('status')).toContainText('Verschoven');
}

test('an admin moves round II by ten minutes; an attendee sees it without reloading', async ({
	page,
	browser
}) => {
	await setClock(page, '2022-01-17T19:00:00+01:00');
	// The attendee chooses a session of round II and keeps the programme open.
	const attendeeContext = await browser.newContext();
	const attendee = await attendeeContext.newPage();
	await signUp(attendee, 'Ada Aanwezig', 'ada.aanwezig@example.org');
	await attendee.goto('/');
	const card = attendee.locator(`[data-session="${SESSION}"]`);
	await card.getByRole('button', { name: /Kies deze sessie/ }).click();
	await expect(card.locator('[data-choice="placed"]')).toBeVisible();
	await connected(attendee);
	await expect(attendee.locator(`#slot-${ROUND}`)).toContainText('19:45');

	await signUp(
		page,
		'Otto Organisator',
		'otto.organisator@example.org',
		await cliInvite('clock', 'admin')
	);
	await page.goto('/admin');
	await page.getByRole('link', { name: 'Programma bewerken' }).click();
	await expect(page.getByRole('heading', { name: 'Programma bewerken' })).toBeVisible();
	await expect(page.locator(`[data-round="${ROUND}"] [data-round-time]`)).toHaveText('19:45–20:30');
	await expectNoAxeViolations(page);
	await screenshot(page, 'programme-editor');

	try {
		await moveRound(page, -10);
		await expect(page.locator(`[data-round="${ROUND}"] [data-round-time]`)).toHaveText(
			'19:35–20:20'
		);

		// No reload: the open page shows the new times, and says what moved.
		await expect(attendee.locator(`#slot-${ROUND}`)).toContainText('19:35', { timeout: 5000 });
		const told = attendee.locator(`[data-session-changed="${SESSION}"]`);
		await expect(told).toContainText('is verplaatst: nu 19:35–20:20');
		await told.scrollIntoViewIfNeeded();
		await screenshot(attendee, 'programme-moved-notice');
		await told.getByRole('button', { name: 'Sluiten' }).click();
		await expect(told).toHaveCount(0);
	} finally {
		await moveRound(page, 10);
	}
	await attendeeContext.close();
});

test('a clash is refused and named', async ({ page }) => {
	await signUp(page, 'Clara Clash', 'clara.clash@example.org', await cliInvite('clock', 'admin'));
	await page.goto(`/admin/programme/sessions/${SESSION}`);
	// Into the room and time of another session of round II.
	await page.getByLabel('Zaal').selectOption({ label: 'Zaal A' });
	await page.getByRole('button', { name: 'Opslaan' }).click();
	const refusal = page.locator('[data-programme-refusal="invalid"]');
	await expect(refusal).toBeVisible();
	await expect(refusal).toContainText('tegelijk in Zaal A');
	// The refusal is where the reader is taken, not above the fold they scrolled past.
	await expect(refusal).toBeInViewport();
	await expectNoAxeViolations(page);
	await screenshot(page, 'programme-editor-clash');

	// On a phone: nothing sticks out sideways (the tables scroll within themselves).
	await page.setViewportSize({ width: 390, height: 844 });
	for (const path of [
		'/admin/programme',
		`/admin/programme/sessions/${SESSION}`,
		'/admin/programme/sessions/brainstorm-incubator'
	]) {
		await page.goto(path);
		await expectNothingSticksOut(page);
	}
	// A brainstorm's page has its board's settings; a breakout's does not show them.
	const board = page.locator('[data-board-settings]');
	await expect(board).toBeVisible();
	await board.scrollIntoViewIfNeeded();
	await screenshot(page, 'programme-editor-brainstorm');
	await page.getByLabel('Soort').selectOption({ label: 'Breakout' });
	await expect(board).toBeHidden();
	await screenshot(page, 'programme-editor-session');
	await page.goto('/admin/programme');
	await screenshot(page, 'programme-editor');
});
