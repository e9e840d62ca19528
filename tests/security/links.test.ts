import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type AppProcess } from '../support/app-process.ts';
import { outbox } from '../support/http.ts';

/*
 * An attacker who can make the app build links from their Host header gets a victim's sign-in
 * link mailed to their own site. Every absolute URL must come from the configured origin.
 */
const EVIL = 'evil.example';

interface RawResponse {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	body: string;
}

/** A request with headers fetch() would not let us forge (Host). */
function rawRequest(
	app: AppProcess,
	path: string,
	options: { method?: string; headers?: Record<string, string>; body?: string } = {}
): Promise<RawResponse> {
	return new Promise((resolve, reject) => {
		const req = httpRequest(
			{
				host: '127.0.0.1',
				port: app.port,
				path,
				method: options.method ?? 'GET',
				headers: {
					...options.headers,
					...(options.body ? { 'content-length': Buffer.byteLength(options.body) } : {})
				}
			},
			(res) => {
				let body = '';
				res.setEncoding('utf8').on('data', (d: string) => (body += d));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
			}
		);
		req.on('error', reject);
		req.end(options.body);
	});
}

const forged = {
	host: `${EVIL}:443`,
	'x-forwarded-host': EVIL,
	'x-forwarded-proto': 'https',
	forwarded: `host=${EVIL};proto=https`
};

let app: AppProcess;

beforeAll(async () => {
	app = await startApp({ PLENAIR_DEV_OUTBOX: 'true', PLENAIR_NOW: '2022-01-17T17:20:00+01:00' });
});
afterAll(() => app?.stop());

describe('links come from the configured origin, never from the request', () => {
	it('mails a sign-in link to the configured origin when Host is forged', async () => {
		const res = await rawRequest(app, '/register', {
			method: 'POST',
			headers: {
				...forged,
				origin: app.url,
				'content-type': 'application/x-www-form-urlencoded',
				'x-sveltekit-action': 'true',
				accept: 'application/json'
			},
			body: new URLSearchParams({ name: 'Victim', email: 'victim@example.org' }).toString()
		});
		expect(res.status).toBe(200);
		expect(res.body).toContain('"type":"success"');
		const mail = (await outbox(app)).find((m) => m.to === 'victim@example.org');
		expect(mail?.text).toContain(`http://127.0.0.1:${app.port}/auth/link?token=`);
		expect(mail?.text).not.toContain(EVIL);
	});

	it('refuses a sign-in post whose Origin matches the forged Host', async () => {
		// The victim (registered above) exists, so a link would be mailed if the post were taken.
		const before = (await outbox(app)).length;
		const res = await rawRequest(app, '/signin', {
			method: 'POST',
			headers: {
				...forged,
				origin: `http://${EVIL}:443`,
				'content-type': 'application/x-www-form-urlencoded'
			},
			body: new URLSearchParams({ email: 'victim@example.org' }).toString()
		});
		expect(res.status).toBe(403);
		expect((await outbox(app)).length).toBe(before);
	});

	it.each([
		'/schedule.json',
		'/schedule.xml',
		'/calendar.ics',
		'/sessions/plenaire-opening/calendar.ics',
		'/dossier',
		'/dossier/feed.xml',
		'/dossier/tip'
	])('%s names only the configured origin', async (path) => {
		const res = await rawRequest(app, path, { headers: forged });
		expect(res.status).toBe(200);
		expect(res.body).not.toContain(EVIL);
		expect(res.body).toContain(`http://127.0.0.1:${app.port}`);
	});
});

describe('a production start without ORIGIN', () => {
	it('refuses with a message naming ORIGIN', async () => {
		const started = startApp({ ORIGIN: '' });
		await expect(started).rejects.toThrow(/ORIGIN: set the address people open Plenair at/);
	});
});
