import { expect, test } from '@playwright/test';
import {
	cliInvite,
	expectNoAxeViolations,
	fillRegistration as register,
	openMailedLink
} from './support.ts';

test('register, sign in with the mailed link, and sign out', async ({ page }) => {
	await page.goto('/register');
	await expectNoAxeViolations(page);
	await page.getByRole('button', { name: 'Stuur mij een aanmeldlink' }).click();
	await expect(page.getByText('Vul een naam in van hoogstens 80 tekens.')).toBeVisible();
	await expect(page.getByLabel('E-mailadres')).toHaveAttribute('aria-invalid', 'true');

	await register(page, 'Fatima Bakker', 'fatima@example.org');
	await openMailedLink(page, 'fatima@example.org');
	await expect(page.locator('[data-signed-in]')).toHaveAttribute('data-signed-in', 'Fatima Bakker');

	await page.goto('/profile');
	await expect(page.getByRole('heading', { name: 'Mijn profiel' })).toBeVisible();
	await expectNoAxeViolations(page);

	await page.getByRole('button', { name: 'Uitloggen', exact: true }).click();
	await expect(page.getByRole('link', { name: 'Inloggen' })).toBeVisible();
	await page.goto('/profile');
	await expect(page.getByText('Log in om verder te gaan.')).toBeVisible();
});

test('an expired or used link offers a new one', async ({ page }) => {
	await page.goto('/auth/link?token=this-link-was-never-issued-0123456789');
	await expect(page.getByRole('heading', { name: 'Deze link werkt niet meer' })).toBeVisible();
	await expectNoAxeViolations(page);
	await page.getByRole('link', { name: 'Nieuwe link aanvragen' }).click();
	await expect(page).toHaveURL(/\/signin$/);
});

test('an invite link makes a moderator', async ({ page }) => {
	const invite = await cliInvite('app', 'moderator');

	await page.goto(invite);
	await expect(page.getByText('Je bent uitgenodigd als moderator')).toBeVisible();
	await expectNoAxeViolations(page);
	await register(page, 'Mo Derator', 'mo@example.org');
	await openMailedLink(page, 'mo@example.org');
	await page.goto('/profile');
	await expect(page.getByText('Rollen: moderator')).toBeVisible();
});
