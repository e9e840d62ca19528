import { expect, test } from '@playwright/test';
import { cliInvite, expectNoAxeViolations, signUp } from './support.ts';

test('a tip sent signed out appears only after an organiser approves it', async ({ page }) => {
	const link = 'https://example.org/zonnedak-op-de-wijkschool';

	await page.goto('/dossier/tip');
	await expect(page.getByRole('heading', { name: 'Tips voor het dossier?' })).toBeVisible();
	await expectNoAxeViolations(page);
	const linkField = page.getByLabel('Link', { exact: true });
	await linkField.fill('javascript:alert(1)');
	await page.getByRole('button', { name: 'Tip versturen' }).click();
	await expect(page.getByText('Alleen links met https:// of http:// zijn mogelijk.')).toBeVisible();
	await expect(linkField).toHaveAttribute('aria-invalid', 'true');
	await expectNoAxeViolations(page);

	await linkField.fill(link);
	await page
		.getByLabel('Toelichting')
		.fill(
			'Een energiecoöperatie van buurtbewoners legt zonnepanelen op het dak van de wijkschool.'
		);
	await page.getByRole('button', { name: 'Tip versturen' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Dank je wel' })).toBeVisible();

	// Nothing is published yet.
	await page.goto('/dossier?q=zonnedak');
	await expect(page.getByText('Niets gevonden.')).toBeVisible();

	await signUp(page, 'Ada Redactie', 'ada.dossier@example.org', await cliInvite('app', 'admin'));
	await page.goto('/dossier/review');
	await expectNoAxeViolations(page);
	const card = page.locator('article', { has: page.getByRole('link', { name: link }) });
	await card.getByText('Bewerken en publiceren').click();
	await card.getByLabel('Titel').fill('Zonnedak op de wijkschool');
	await card.getByLabel('Soort', { exact: true }).selectOption('initiative');
	await expect(card.getByLabel('Korte beschrijving')).toHaveValue(/energiecoöperatie/);
	await card.getByLabel('Energie', { exact: true }).check();
	await card.getByLabel('Plaats').fill('Zwolle');
	await card.getByLabel('Soort coöperatie').selectOption('energie');
	await card.getByRole('button', { name: 'Publiceren' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Gepubliceerd' })).toBeVisible();
	await expect(card).toHaveCount(0);

	// Signed out again: the item is under its theme and found by search, with or without diacritics.
	await page.context().clearCookies();
	await page.goto('/dossier');
	const energy = page.locator('section[data-theme="energie"]');
	await expect(energy.getByRole('link', { name: 'Zonnedak op de wijkschool' })).toBeVisible();
	await page.getByLabel('Zoeken in het dossier').fill('energiecooperatie zonnedak');
	await page.getByRole('button', { name: 'Zoeken' }).click();
	await expect(page).toHaveURL(/[?&]q=energiecooperatie\+zonnedak/);
	await expect(page.getByRole('heading', { name: 'Gevonden: 1' })).toBeVisible();
	await page.getByRole('link', { name: 'Zonnedak op de wijkschool' }).click();
	await expect(
		page.getByRole('heading', { level: 1, name: 'Zonnedak op de wijkschool' })
	).toBeVisible();
	await expect(page.getByRole('link', { name: 'Bekijk op example.org' })).toHaveAttribute(
		'href',
		link
	);
	await expectNoAxeViolations(page);
});

test('the dossier pages are accessible and link from the session page', async ({ page }) => {
	await page.goto('/');
	await page.getByRole('navigation').getByRole('link', { name: 'Dossier' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Dossier' })).toBeVisible();
	await expect(page.getByRole('heading', { level: 2, name: 'Wonen' })).toBeVisible();
	await expectNoAxeViolations(page);

	await page.goto('/dossier/initiatieven');
	await expect(page.getByRole('heading', { level: 2, name: 'Utrecht' })).toBeVisible();
	await expectNoAxeViolations(page);

	await page.goto('/sessions/toekomst-wooncooperatie');
	const reading = page.getByRole('region', { name: 'Leesvoer uit het dossier' });
	await reading.getByRole('link', { name: 'Wooncoöperatie De Warren' }).click();
	await expect(
		page.getByRole('heading', { level: 1, name: 'Wooncoöperatie De Warren' })
	).toBeVisible();
	await expect(page.locator('meta[property="og:title"]')).toHaveAttribute(
		'content',
		'Wooncoöperatie De Warren'
	);
	await expectNoAxeViolations(page);
});

test('filtering and searching work without JavaScript', async ({ browser }) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await page.goto('/dossier');
	await page.getByLabel('Soort', { exact: true }).selectOption('book');
	await page.getByRole('button', { name: 'Zoeken' }).click();
	await expect(page).toHaveURL(/kind=book/);
	await expect(page.getByRole('link', { name: /Governing the Commons/ })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Wooncoöperatie De Warren' })).toHaveCount(0);

	await page.getByLabel('Soort', { exact: true }).selectOption('');
	await page.getByLabel('Zoeken in het dossier').fill('WOONCOOPERATIE');
	await page.getByRole('button', { name: 'Zoeken' }).click();
	await expect(page.getByRole('link', { name: 'Wooncoöperatie De Warren' })).toBeVisible();
	await context.close();
});
