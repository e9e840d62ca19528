import { chromium, type Browser } from '@playwright/test';
import { CHROMIUM_LAUNCH } from '../../tests/support/chromium.ts';
import { plenairTarget } from '../lib/targets.ts';

export interface FirstFrameRow {
	joins: number;
	medianMs: number;
	p90Ms: number;
	maxMs: number;
}

async function guestPage(browser: Browser, url: string, name: string) {
	const context = await browser.newContext({ baseURL: url });
	const page = await context.newPage();
	await page.goto('/guest');
	await page.getByLabel(/Naam die anderen zien/).fill(name);
	await page.getByRole('button', { name: 'Meedoen' }).click();
	await page.waitForURL((u) => u.pathname === '/');
	return { context, page };
}

/**
 * Someone already publishes in a breakout; a second person goes there from the programme page,
 * presses "Deelnemen" in the pre-join, and we time until the first remote video frame is decoded (real LiveKit, loopback, Chromium's
 * fake camera), to the first frame presented (requestVideoFrameCallback). Median and p90 over
 * at least 30 joins in a full run.
 */
export async function firstFrame(joins: number): Promise<FirstFrameRow> {
	const target = await plenairTarget();
	const browser = await chromium.launch(CHROMIUM_LAUNCH);
	try {
		const publisher = await guestPage(browser, target.url, 'Podium');
		await publisher.page.goto('/sessions/toekomst-wooncooperatie/room');
		// The publisher turns the camera on in the pre-join, as a person does.
		const card = publisher.page.locator('[data-prejoin]');
		await card.getByRole('button', { name: 'Camera', exact: true }).click();
		await card.getByRole('button', { name: 'Deelnemen' }).click();
		await publisher.page.locator('[data-phase="connected"]').waitFor({ timeout: 30_000 });
		const times: number[] = [];
		for (let i = 0; i < joins; i++) {
			const viewer = await guestPage(browser, target.url, `Kijker ${i}`);
			await viewer.page.locator('[data-live-session="toekomst-wooncooperatie"] a').click();
			// Timed from "Deelnemen" in the pre-join (devices off): the room's own join path.
			const join = viewer.page.locator('[data-prejoin]').getByRole('button', { name: 'Deelnemen' });
			await join.waitFor();
			const clicked = await viewer.page.evaluate<number>('performance.now()');
			await join.click();
			// A string, not a function: tsx would wrap a function's inner helpers in a name shim the page lacks.
			// requestVideoFrameCallback fires when a frame is presented: the first one the viewer sees.
			const firstFrameAt = await viewer.page.evaluate<number>(`new Promise((resolve) => {
				const look = () => {
					const video = document.querySelector('video[data-remote="true"]');
					if (video) video.requestVideoFrameCallback((now) => resolve(now));
					else requestAnimationFrame(look);
				};
				look();
			})`);
			times.push(firstFrameAt - clicked);
			await viewer.context.close();
		}
		times.sort((a, b) => a - b);
		// Nearest rank: with 30 joins p90 is the 27th, not the slowest.
		const at = (q: number) => Math.round(times[Math.max(0, Math.ceil(q * times.length) - 1)]);
		return { joins, medianMs: at(0.5), p90Ms: at(0.9), maxMs: Math.round(times.at(-1)!) };
	} finally {
		await browser.close();
		await target.stop();
	}
}
