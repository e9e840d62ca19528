import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { E2E_DATA_DIR } from '../../playwright.config.ts';
import {
	cliInvite,
	expectNoAxeViolations,
	expectRemoteVideo,
	joinAsGuest,
	joinRoom,
	signUp
} from './support.ts';

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

test('a moderator records two people in a brainstorm; the library plays the composed video and seeks', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const ROOM = 'brainstorm-cooperatieve-tech';
	const contexts = await Promise.all([0, 1, 2].map(() => browser.newContext()));
	const [moderator, anna, bram] = await Promise.all(contexts.map((c) => c.newPage()));
	await signUp(
		moderator,
		'Mo Opname',
		`rec-mod-${Date.now()}@example.org`,
		await cliInvite('app', 'moderator', ROOM)
	);
	for (const [page, name] of [
		[anna, 'Anna Beeld'],
		[bram, 'Bram Beeld']
	] as const) {
		await joinAsGuest(page, name, `/sessions/${ROOM}/room`);
		await joinRoom(page, { mic: true, cam: true });
		await expect(page.locator('[data-phase="connected"]')).toBeVisible({ timeout: 20_000 });
	}
	await expectRemoteVideo(anna);

	await moderator.goto(`/sessions/${ROOM}/room`);
	await joinRoom(moderator);
	await moderator.getByRole('tab', { name: 'Beheer' }).click();
	const status = moderator.locator('[data-recording-status]');
	const clickedStart = Date.now();
	await moderator.getByRole('button', { name: 'Opname starten' }).click();
	// The recorder joined the room: the state follows by itself.
	await expect(status).toHaveAttribute('data-recording-status', 'recording', { timeout: 20_000 });
	const seenRecording = Date.now();
	await expectNoAxeViolations(moderator);
	// Twelve seconds of the room.
	await moderator.waitForTimeout(12_000);
	await moderator.getByRole('button', { name: 'Opname stoppen' }).click();
	const clickedStop = Date.now();
	// The two leave; the composition (ffmpeg under nice) gets the machine.
	await Promise.all(contexts.slice(1).map((c) => c.close()));
	await expect(status).toHaveAttribute('data-recording-status', 'ready', { timeout: 120_000 });

	// The composed file: video and audio, as long as the room was recorded (the recorder joined
	// between the start click and the state it showed; it stops within a second of the stop click),
	// both people in the picture.
	const dir = join(E2E_DATA_DIR, 'recordings');
	const file = join(
		dir,
		readdirSync(dir).find((f) => f.startsWith(`${ROOM}-rec-`) && f.endsWith('.webm'))!
	);
	const probed = JSON.parse(
		execFileSync('ffprobe', [
			...['-v', 'error', '-show_entries', 'stream=codec_type:format=duration', '-of', 'json', file]
		]).toString()
	) as { streams: { codec_type: string }[]; format: { duration: string } };
	expect(probed.streams.map((s) => s.codec_type).sort()).toEqual(['audio', 'video']);
	const seconds = Number(probed.format.duration);
	expect(seconds).toBeGreaterThan((clickedStop - seenRecording) / 1000 - 1);
	expect(seconds).toBeLessThan((clickedStop - clickedStart) / 1000 + 2);
	// Two tiles side by side, each with a picture, late in the recording (a video tile starts at
	// its first keyframe): Chromium's fake camera is green, an empty tile black.
	const halves = execFileSync('ffmpeg', [
		...['-v', 'error', '-ss', String(seconds - 3), '-i', file, '-frames:v', '1'],
		...['-vf', 'crop=iw:ih/3:0:ih/3,format=rgb24,scale=2:1:flags=area', '-f', 'rawvideo', '-']
	]);
	const [, leftGreen, , , rightGreen] = [...halves];
	expect(
		[leftGreen, rightGreen].every((g) => g > 80),
		`RGB of the halves: ${[...halves]}`
	).toBe(true);

	// The library plays it, and seeking works.
	await moderator.goto(`/terugkijken/${ROOM}`);
	const video = moderator.locator('video').first();
	await expect(video).toBeVisible();
	await video.evaluate((v: HTMLVideoElement) => {
		v.muted = true;
		return v.play();
	});
	await expect
		.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime))
		.toBeGreaterThan(1);
	const seeked = await video.evaluate(
		(v: HTMLVideoElement) =>
			new Promise<number>((resolve) => {
				v.addEventListener('seeked', () => resolve(v.currentTime), { once: true });
				v.currentTime = 8;
			})
	);
	expect(seeked).toBeGreaterThanOrEqual(7.5);
	await contexts[0].close();
});
