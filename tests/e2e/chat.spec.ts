import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, joinAsGuest } from './support.ts';

const BREAKOUT = '/sessions/toolkit-energietransitie/room';
const XSS = '<img src=x onerror=alert(1)>';

test('two people chat in a breakout, and markup stays text', async ({ browser }) => {
	const [a, b] = await Promise.all([browser.newContext(), browser.newContext()]);
	const [pageA, pageB] = await Promise.all([a.newPage(), b.newPage()]);
	let alerted = false;
	for (const page of [pageA, pageB]) page.on('dialog', (d) => ((alerted = true), void d.dismiss()));
	await joinAsGuest(pageA, 'Karin', BREAKOUT);
	await joinAsGuest(pageB, 'Lucas', BREAKOUT);

	await pageA.getByLabel('Je bericht').fill('Goedenavond allemaal! Zie https://dewarren.nl');
	await pageA.getByRole('button', { name: 'Versturen' }).click();
	const log = pageB.getByRole('log', { name: 'Chat' });
	await expect(log.getByText('Goedenavond allemaal!')).toBeVisible();
	await expect(log.getByRole('link', { name: 'https://dewarren.nl' })).toHaveAttribute(
		'href',
		'https://dewarren.nl/'
	);

	await pageB.getByLabel('Je bericht').fill(XSS);
	await pageB.getByRole('button', { name: 'Versturen' }).press('Enter');
	await pageB.getByLabel('Je bericht').press('Enter');
	await expect(pageA.getByRole('log', { name: 'Chat' }).getByText(XSS)).toBeVisible();
	await expect(pageA.locator('.chat-message img')).toHaveCount(0);
	expect(alerted).toBe(false);
	await expectNoAxeViolations(pageA);
	await Promise.all([a.close(), b.close()]);
});
