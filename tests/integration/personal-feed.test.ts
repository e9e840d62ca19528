import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { calendarKeys } from '../../src/lib/server/redis-keys.ts';
import { startApp, type AppProcess } from '../support/app-process.ts';
import { registerAndSignIn, submitAction } from '../support/http.ts';

let app: AppProcess;
beforeAll(async () => {
	app = await startApp({ NODE_ENV: 'test', PLENAIR_NOW: '2022-01-17T17:00:00+01:00' });
});
afterAll(() => app?.stop());

/** Makes a new personal address from the profile page, which shows it this once. */
async function newFeedUrl(cookie: string): Promise<string> {
	const made = await submitAction(app, '/profile?/newFeed', {}, cookie);
	const match = made.data.match(/(http[^"]+\/calendar\/personal\/[\w-]+\.ics)/);
	if (made.type !== 'success' || !match) throw new Error(`no feed address in: ${made.data}`);
	return match[1];
}

describe('the personal calendar feed', () => {
	it('holds the plenaries and the sessions someone chose, and a revoked address answers 404', async () => {
		const cookie = await registerAndSignIn(app, 'agenda@example.org');
		expect(
			(await submitAction(app, '/?/choose', { session: 'toolkit-energietransitie' }, cookie)).type
		).toBe('success');
		const url = await newFeedUrl(cookie);
		expect(url.startsWith(`${app.url}/calendar/personal/`)).toBe(true);

		const res = await fetch(url);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toContain('text/calendar');
		const calendar = new ICAL.Component(ICAL.parse(await res.text()));
		const summaries = calendar
			.getAllSubcomponents('vevent')
			.map((e) => String(e.getFirstPropertyValue('summary')));
		expect(summaries).toEqual(
			expect.arrayContaining([
				'Toolkit voor een coöperatieve energietransitie',
				'Plenaire opening',
				'Plenaire afsluiting'
			])
		);
		expect(summaries).not.toContain('De toekomst van de wooncoöperatie');

		const renewed = await newFeedUrl(cookie);
		expect((await fetch(url)).status).toBe(404);
		expect(renewed).not.toBe(url);
		expect((await fetch(renewed)).status).toBe(200);
	});

	it('keeps exactly one working address when two are made at once, and stores only its hash', async () => {
		const cookie = await registerAndSignIn(app, 'race@example.org');
		const urls = await Promise.all(Array.from({ length: 6 }, () => newFeedUrl(cookie)));
		const statuses = await Promise.all(urls.map(async (u) => (await fetch(u)).status));
		expect(statuses.filter((s) => s === 200)).toHaveLength(1);
		expect(statuses.filter((s) => s === 404)).toHaveLength(5);

		const redis = new Redis(app.redis!.url);
		const dump: string[] = [];
		for (const key of await redis.keys(calendarKeys.all)) {
			const type = await redis.type(key);
			dump.push(key, ...(type === 'hash' ? Object.values(await redis.hgetall(key)) : []));
			if (type === 'string') dump.push((await redis.get(key)) ?? '');
		}
		redis.disconnect();
		for (const url of urls) {
			const token = url.match(/personal\/([\w-]+)\.ics/)![1];
			expect(dump.join('\n')).not.toContain(token);
		}

		// Revoking (a new address) reaches the one that worked.
		const working = urls[statuses.indexOf(200)];
		await newFeedUrl(cookie);
		expect((await fetch(working)).status).toBe(404);
	});
});
