import { expect, test, type BrowserContext } from '@playwright/test';
import { E2E } from '../../playwright.config.ts';
import { clientPool } from '../support/realtime-client.ts';
import { cliInvite, connected, setClock, signUp } from './support.ts';

/*
 * The evening's flow under the moved clock of the "clock" server: a plenary takes people along at
 * its start, a round's end says why someone is back on the programme, and announcements live for
 * their time on the programme clock, for latecomers and after reloads, until dismissed.
 */
test.describe.configure({ mode: 'serial' });
const pool = clientPool();
test.afterAll(() => pool.closeAll());

const cookieHeader = async (context: BrowserContext) =>
	(await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');

test('at 18:30 someone on the programme sees the countdown and lands in the Plenaire opening', async ({
	page
}) => {
	await setClock(page, '2022-01-17T18:28:30+01:00');
	await page.goto('/');
	await connected(page);
	await expect(page.locator('[data-live-session]')).toHaveCount(0);

	await setClock(page, '2022-01-17T18:29:01+01:00');
	const countdown = page.locator('[data-countdown="plenaire-opening"]');
	await expect(countdown).toBeVisible({ timeout: 5000 });
	await expect(countdown).toContainText('Plenaire opening begint over');
	await expect(countdown.getByRole('timer')).toHaveText(/^00:[0-5]\d$/);

	await setClock(page, '2022-01-17T18:30:01+01:00');
	await page.waitForURL('**/sessions/plenaire-opening/room', { timeout: 10_000 });
});

test('after round I someone without a choice for round II is told why they are back', async ({
	page
}) => {
	await setClock(page, '2022-01-17T17:00:00+01:00');
	await signUp(page, 'Noor Terug', 'noor.terug@example.org');
	await page.goto('/');
	const card = page.locator('[data-session="toekomst-wooncooperatie"]');
	await card.getByRole('button', { name: /Kies deze sessie/ }).click();
	await expect(card.locator('[data-choice="placed"]')).toBeVisible();

	await setClock(page, '2022-01-17T18:14:50+01:00');
	await page.goto('/');
	// The round's end is told over the live connection: have it up before the clock gets there.
	await connected(page);
	await setClock(page, '2022-01-17T18:15:01+01:00');
	const notice = page.locator('[data-round-over="ronde-1"]');
	await expect(notice).toBeVisible({ timeout: 10_000 });
	await expect(notice).toContainText(
		'Break-out ronde I is afgelopen; je hebt je niet opgegeven voor Break-out ronde II'
	);
	await notice.getByRole('link', { name: 'Kies een sessie voor Break-out ronde II' }).click();
	await expect(page).toHaveURL(/#slot-ronde-2$/);
	await notice.getByRole('button', { name: 'Melding sluiten' }).click();
	await expect(notice).toHaveCount(0);
});

test('an announcement reaches a reload and a latecomer, can be dismissed, and ends on the programme clock', async ({
	browser
}) => {
	const [organiserContext, visitorContext] = await Promise.all([
		browser.newContext(),
		browser.newContext()
	]);
	const organiserPage = await organiserContext.newPage();
	const visitor = await visitorContext.newPage();
	// The demo clock: 2022, years behind the machine's.
	await setClock(visitor, '2022-01-17T17:20:00+01:00');
	await signUp(
		organiserPage,
		'Olga Organisator',
		'olga@example.org',
		await cliInvite('clock', 'moderator')
	);
	await visitor.goto('/');

	const organiser = await pool.connect(
		`http://127.0.0.1:${E2E.clock.port}`,
		await cookieHeader(organiserContext)
	);
	const text = 'Na ronde I is er koffie in de plenaire zaal';
	const posted = await organiser.request('announcement:post', { text, minutes: 10 });
	expect(posted.ok).toBe(true);
	if (!posted.ok) return;
	const id = posted.announcement.id;
	const bar = (p: typeof visitor) => p.locator(`[data-announcement="${id}"]`);

	// Live to someone on the page, after a reload, and to a latecomer in a new browser.
	await expect(bar(visitor)).toContainText(`Olga Organisator: ${text}`);
	await visitor.reload();
	await expect(bar(visitor)).toContainText(text);
	const latecomerContext = await browser.newContext();
	const latecomer = await latecomerContext.newPage();
	await latecomer.goto('/');
	await expect(bar(latecomer)).toContainText(text);

	// Dismissed in one browser, for good; the other still sees it.
	await bar(visitor)
		.getByRole('button', { name: 'Mededeling van Olga Organisator sluiten' })
		.click();
	await expect(bar(visitor)).toHaveCount(0);
	await visitor.reload();
	await expect(visitor.locator('[data-live-session]').first()).toBeVisible();
	await expect(bar(visitor)).toHaveCount(0);
	await expect(bar(latecomer)).toBeVisible();

	// Ten minutes on the programme clock later it is gone, also after a reload.
	await setClock(latecomer, '2022-01-17T17:30:30+01:00');
	await expect(bar(latecomer)).toHaveCount(0, { timeout: 5000 });
	await latecomer.reload();
	await expect(latecomer.locator('[data-live-session]').first()).toBeVisible();
	await expect(bar(latecomer)).toHaveCount(0);

	await Promise.all([organiserContext.close(), visitorContext.close(), latecomerContext.close()]);
});

test('an organiser extends a round and the room’s top bar counts to the new end at once', async ({
	browser
}) => {
	const context = await browser.newContext();
	const page = await context.newPage();
	await setClock(page, '2022-01-17T21:00:00+01:00');
	await signUp(page, 'Otto Organisator', 'otto@example.org', await cliInvite('clock', 'moderator'));
	await page.goto('/sessions/brainstorm-incubator/room');
	const roundLeft = page.locator('[data-round-left]');
	await expect(roundLeft).toHaveText('Ronde: nog 30 min');
	await connected(page);

	const organiser = await pool.connect(
		`http://127.0.0.1:${E2E.clock.port}`,
		await cookieHeader(context)
	);
	const extended = await organiser.request('round:extend', { round: 'ronde-3', minutes: 5 });
	expect(extended).toEqual({ ok: true, endsAt: Date.parse('2022-01-17T21:35:00+01:00') });
	await expect(roundLeft).toHaveText('Ronde: nog 35 min');
	// A reload reads the extended end from the server.
	await page.reload();
	await expect(page.locator('[data-round-left]')).toHaveText('Ronde: nog 35 min');
	await context.close();
});
