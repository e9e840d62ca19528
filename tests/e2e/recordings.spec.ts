import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { cliInvite, expectNoAxeViolations, signUp } from './support.ts';

const SESSION = 'toekomst-wooncooperatie';

test('an admin uploads a recording; the watch page plays it with chapters and chat replay', async ({
	page
}) => {
	test.setTimeout(90_000);
	const work = mkdtempSync(join(tmpdir(), 'plenair-e2e-rec-'));
	const file = join(work, 'out.webm');
	execFileSync('ffmpeg', [
		...['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=duration=6:size=320x240:rate=25'],
		...['-f', 'lavfi', '-i', 'sine=duration=6', '-c:v', 'libvpx', '-c:a', 'libopus', file]
	]);

	await signUp(
		page,
		'Rina Regie',
		`rec-admin-${Date.now()}@example.org`,
		await cliInvite('app', 'admin')
	);

	// A chat message in the session, at the programme clock of the "app" server (17:20 and on).
	await page.goto(`/sessions/${SESSION}/room`);
	// An organiser's room opens on the manage tab; the chat is its own tab.
	await page.getByRole('tab', { name: 'Chat' }).click();
	const text = `Terugkijktest ${Date.now()}`;
	await page.getByLabel('Je bericht').fill(text);
	await page
		.getByRole('region', { name: 'Chat' })
		.getByRole('button', { name: 'Versturen' })
		.click();
	const sent = page.getByRole('log', { name: 'Chat' }).locator('.chat-message', { hasText: text });
	await expect(sent).toBeVisible();
	const at = Date.parse((await sent.locator('time').getAttribute('datetime'))!);

	// The video begins 2 s before the message was sent: the message belongs 2 s into it.
	const from = new Intl.DateTimeFormat('en-GB', {
		timeZone: 'Europe/Amsterdam',
		hourCycle: 'h23',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit'
	}).format(at - 2000);
	await page.goto(`/terugkijken/${SESSION}`);
	await page.getByLabel('Video uploaden (WebM, MP4 of Ogg)').setInputFiles(file);
	await page.getByLabel('De video begint om (tijd in het programma)').fill(from);
	await page.getByRole('button', { name: 'Uploaden', exact: true }).click();
	await expect(page.locator('[data-recording-status="ready"]')).toBeVisible({ timeout: 30_000 });

	// A second chapter, as an organiser would add for a plenary.
	const chapters = await page.request.post(`/api/sessions/${SESSION}/recording/chapters`, {
		data: {
			chapters: [
				{ title: 'Welkom', atMs: 0 },
				{ title: 'Gesprek', atMs: 4000 }
			]
		}
	});
	expect(chapters.ok()).toBe(true);

	await page.goto('/terugkijken');
	await expect(page.locator(`[data-recording="${SESSION}"] img`)).toBeVisible();
	await page.getByLabel('Zoek op titel of spreker').fill('wooncoöperatie');
	await page.getByRole('button', { name: 'Zoeken', exact: true }).click();
	await page.locator(`[data-recording="${SESSION}"] h3 a`).click();
	await expect(page).toHaveURL(new RegExp(`/terugkijken/${SESSION}$`));

	const video = page.locator('video[data-player]');
	const replay = page.getByRole('log', { name: 'Chat tijdens de sessie' });
	await expect(replay.getByText(text)).toHaveCount(0);

	await page.getByLabel('Afspeelsnelheid').selectOption('1');
	await video.evaluate((v: HTMLVideoElement) => {
		v.muted = true;
		return v.play();
	});
	await expect
		.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime))
		.toBeGreaterThan(0.5);
	// The message appears when playback passes its moment, about 2 s in.
	await expect(replay.getByText(text)).toBeVisible({ timeout: 10_000 });

	await video.evaluate((v: HTMLVideoElement) => v.pause());
	await page.getByRole('button', { name: /0:04 Gesprek/ }).click();
	await expect
		.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime))
		.toBeGreaterThanOrEqual(3.9);
	await page.getByRole('button', { name: /0:00 Welkom/ }).click();
	await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime)).toBeLessThan(1);
	await expect(replay.getByText(text)).toHaveCount(0);

	await expectNoAxeViolations(page);
	rmSync(work, { recursive: true, force: true });
});
