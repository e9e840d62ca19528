import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type AppProcess } from '../support/app-process.ts';
import { registerAndSignIn, submitAction } from '../support/http.ts';

let app: AppProcess;
beforeAll(async () => {
	app = await startApp({ NODE_ENV: 'test', PLENAIR_NOW: '2022-01-17T17:00:00+01:00' });
});
afterAll(() => app?.stop());

async function feedUrl(cookie: string): Promise<string> {
	const profile = await (await fetch(`${app.url}/profile`, { headers: { cookie } })).text();
	const match = profile.match(/href="(http[^"]+\/calendar\/personal\/[^"]+\.ics)"/);
	if (!match) throw new Error('no personal feed link on the profile page');
	return match[1];
}

describe('the personal calendar feed', () => {
	it('holds the plenaries and the sessions someone chose, and a revoked address answers 404', async () => {
		const cookie = await registerAndSignIn(app, 'agenda@example.org');
		expect(
			(await submitAction(app, '/?/choose', { session: 'toolkit-energietransitie' }, cookie)).type
		).toBe('success');
		const url = await feedUrl(cookie);

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

		expect((await submitAction(app, '/profile?/newFeed', {}, cookie)).type).toBe('success');
		expect((await fetch(url)).status).toBe(404);
		const renewed = await feedUrl(cookie);
		expect(renewed).not.toBe(url);
		expect((await fetch(renewed)).status).toBe(200);
	});
});
