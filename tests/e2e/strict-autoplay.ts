import { chromium, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_LAUNCH } from '../support/chromium.ts';

/**
 * A Chromium that plays sound only after a click on the page (the desktop default), opened on
 * `url` by itself. Playwright's own page driving counts as user activation, so it must not touch
 * the page before the page has tried to play: `page()` attaches over the DevTools protocol later.
 */
export async function strictAutoplayBrowser(url: string) {
	const profile = mkdtempSync(join(tmpdir(), 'plenair-autoplay-'));
	const args = [
		...CHROMIUM_LAUNCH.args.filter((a) => !a.startsWith('--autoplay-policy')),
		'--autoplay-policy=document-user-activation-required',
		'--headless=new',
		'--remote-debugging-address=127.0.0.1',
		'--remote-debugging-port=0',
		`--user-data-dir=${profile}`,
		url
	];
	// Its own process group: close() kills Chromium's helper processes too, which would otherwise
	// go on writing into the profile while it is being removed.
	const child = spawn(CHROMIUM_LAUNCH.executablePath, args, { stdio: 'ignore', detached: true });
	let port: string | undefined;
	for (let i = 0; i < 100 && !port; i++) {
		await new Promise((resolve) => setTimeout(resolve, 100));
		try {
			port = readFileSync(join(profile, 'DevToolsActivePort'), 'utf8').split('\n')[0];
		} catch {
			// not written yet
		}
	}
	if (!port) throw new Error('Chromium did not open its DevTools port');
	let attached: Awaited<ReturnType<typeof chromium.connectOverCDP>> | undefined;
	return {
		async page(): Promise<Page> {
			attached = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
			const page = attached
				.contexts()[0]
				?.pages()
				.find((p) => p.url().startsWith(url));
			if (!page) throw new Error(`no page on ${url}`);
			return page;
		},
		async close() {
			await attached?.close().catch(() => undefined);
			const exited = new Promise((resolve) => child.once('exit', resolve));
			process.kill(-child.pid!, 'SIGKILL');
			await exited;
			rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
		}
	};
}
