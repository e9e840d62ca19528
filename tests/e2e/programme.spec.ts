import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './support.ts';

// The e2e server's clock starts at 17:20 in Amsterdam: break-out round I is live.
const EXPECTED_TIMES: Record<string, string> = {
	'in-beeld-wonen-energie': '16:00–17:00',
	'in-beeld-voedsel-zorg': '16:00–17:00',
	'toekomst-wooncooperatie': '17:15–18:15',
	'toolkit-energietransitie': '17:15–18:15',
	'brainstorm-cooperatieve-tech': '17:15–18:15',
	'plenaire-opening': '18:30–19:30',
	'samensturing-samenschuring': '19:45–20:30',
	'cooperatieve-fondsen': '19:45–20:30',
	'waarde-buurtcooperatie': '19:45–20:30',
	'energiewinnend-net': '20:30–21:30',
	'brainstorm-incubator': '20:30–21:30',
	'brainstorm-overwaarde': '20:30–21:30',
	'plenaire-afsluiting': '21:30–22:00'
};
const LIVE = [
	'toekomst-wooncooperatie',
	'toolkit-energietransitie',
	'brainstorm-cooperatieve-tech'
];

test('the programme shows all 13 sessions at their Amsterdam times and marks round I live', async ({
	page
}) => {
	await page.goto('/');
	await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Coöperatieven maken de stad');

	const cards = page.locator('[data-session]');
	await expect(cards).toHaveCount(13);
	for (const [id, times] of Object.entries(EXPECTED_TIMES)) {
		const card = page.locator(`[data-session="${id}"]`);
		await expect(card.locator('time')).toHaveText(times);
		await expect(card).toHaveAttribute(
			'data-status',
			LIVE.includes(id) ? 'live' : id.startsWith('in-beeld') ? 'past' : 'upcoming'
		);
	}

	const liveNow = page.getByRole('region', { name: 'Nu live' });
	await expect(liveNow.locator('[data-live-session]')).toHaveCount(3);
	await expect(liveNow.locator('[data-next]')).toHaveAttribute('data-next', 'plenaire-opening');
	await expectNoAxeViolations(page);
});

test('the countdown runs without a reload', async ({ page }) => {
	await page.goto('/');
	const timer = page.locator('[data-next] [role="timer"]');
	const first = await timer.textContent();
	await expect(timer).not.toHaveText(first ?? '', { timeout: 5000 });
});

test('switches to English and keeps the choice', async ({ page }) => {
	await page.goto('/');
	await page.getByRole('button', { name: 'English' }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page.getByRole('heading', { name: 'Programme', level: 2 })).toBeVisible();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cooperatives make the city');
	await expect(page.locator('[data-session="energiewinnend-net"] .badge').first()).toHaveText(
		'Breakout'
	);
	await page.goto('/sessions/plenaire-opening');
	await expect(page.getByRole('link', { name: /Back to the programme/ })).toBeVisible();
	await expectNoAxeViolations(page);

	await page.getByRole('button', { name: 'Nederlands' }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
	await expect(page).toHaveURL(/\/sessions\/plenaire-opening$/);
});

test('shows the viewer their own time when their zone differs', async ({ browser }) => {
	const context = await browser.newContext({ timezoneId: 'America/New_York', locale: 'en-US' });
	const page = await context.newPage();
	await page.goto('/');
	await expect(page.locator('[data-slot="plenaire-opening"] .viewer-time')).toHaveText(
		'(jouw tijd 12:30)'
	);
	await context.close();
});

test('a session page can be joined only while the session is live', async ({ page }) => {
	await page.goto('/sessions/toekomst-wooncooperatie');
	await expect(page.getByRole('link', { name: 'Deelnemen' })).toBeVisible();
	await expectNoAxeViolations(page);

	await page.goto('/sessions/plenaire-afsluiting');
	await expect(page.getByRole('button', { name: 'Deelnemen' })).toBeDisabled();
	await expect(page.getByText('Deelnemen kan vanaf 21:30')).toBeVisible();

	await page.goto('/sessions/in-beeld-voedsel-zorg');
	await expect(page.getByText('Deze sessie is afgelopen')).toBeVisible();

	const missing = await page.goto('/sessions/bestaat-niet');
	expect(missing?.status()).toBe(404);
	await expect(page.getByRole('heading', { name: 'Niet gevonden' })).toBeVisible();
});
