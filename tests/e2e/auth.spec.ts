import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';
import { E2E_DATA_DIR, E2E_PORT } from '../../playwright.config.ts';

async function expectNoAxeViolations(page: Page) {
	const results = await new AxeBuilder({ page }).analyze();
	expect(
		results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)
	).toEqual([]);
}

/** Follows the newest sign-in link mailed to this address, as shown by the dev outbox. */
async function openMailedLink(page: Page, email: string) {
	await page.goto('/dev/outbox');
	const text = await page.locator(`[data-mail-to="${email}"] pre`).first().textContent();
	const link = text?.match(/https?:\/\/\S+\/auth\/link\?token=\S+/)?.[0];
	expect(link, 'a sign-in link in the mail').toBeTruthy();
	await page.goto(new URL(link!).pathname + new URL(link!).search);
	await page.getByRole('button', { name: 'Inloggen' }).click();
}

async function register(page: Page, name: string, email: string) {
	await page.getByLabel('Naam', { exact: true }).fill(name);
	await page.getByLabel('E-mailadres').fill(email);
	await page.getByRole('button', { name: 'Stuur mij een aanmeldlink' }).click();
	await expect(page.getByRole('status')).toContainText(email);
}

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
	const output = execFileSync(
		process.execPath,
		['--import', 'tsx', 'scripts/admin.ts', 'invite', '--role', 'moderator'],
		{
			env: { ...process.env, PLENAIR_DATA_DIR: E2E_DATA_DIR, PORT: String(E2E_PORT) },
			encoding: 'utf8'
		}
	);
	const invite = output.match(/\/invite\/[\w-]+/)?.[0];
	expect(invite).toBeTruthy();

	await page.goto(invite!);
	await expect(page.getByText('Je bent uitgenodigd als moderator')).toBeVisible();
	await expectNoAxeViolations(page);
	await register(page, 'Mo Derator', 'mo@example.org');
	await openMailedLink(page, 'mo@example.org');
	await page.goto('/profile');
	await expect(page.getByText('Rollen: moderator')).toBeVisible();
});
