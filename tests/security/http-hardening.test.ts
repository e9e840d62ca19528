import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, waitFor, type AppProcess } from '../support/app-process.ts';

/* Hostile HTTP input gets a clear 4xx, and every response carries the security headers. */
let app: AppProcess;

beforeAll(async () => {
	app = await startApp({ NODE_ENV: 'test', PLENAIR_NOW: '2022-01-17T17:20:00+01:00' });
});
afterAll(() => app?.stop());

const post = (path: string, body: string, type = 'application/x-www-form-urlencoded') =>
	fetch(`${app.url}${path}`, {
		method: 'POST',
		headers: { origin: app.url, 'content-type': type, accept: 'text/html' },
		body,
		redirect: 'manual'
	});

function expectSecurityHeaders(res: Response): void {
	expect(res.headers.get('x-content-type-options')).toBe('nosniff');
	expect(res.headers.get('x-frame-options')).toBe('DENY');
	expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
	expect(res.headers.get('permissions-policy')).toContain('geolocation=()');
}

describe('redirect targets', () => {
	it.each([
		['control character', '/a\u0000b'],
		['CR LF header injection', '/a\r\nSet-Cookie: stolen=1'],
		['DEL', '/a\u007f'],
		['backslash host', '/\\evil.example'],
		['protocol-relative', '//evil.example'],
		['absolute URL', 'https://evil.example/']
	])('refuses a %s in returnTo with 400', async (_, returnTo) => {
		const res = await post('/language', new URLSearchParams({ locale: 'en', returnTo }).toString());
		expect(res.status).toBe(400);
		expect(res.headers.get('location')).toBeNull();
	});

	it('follows a path on this site', async () => {
		const res = await post(
			'/language',
			new URLSearchParams({ locale: 'en', returnTo: '/dossier?theme=wonen' }).toString()
		);
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/dossier?theme=wonen');
	});

	it.each(['/a\u0001b', '/\\evil.example'])(
		'refuses %j as next of the guest form',
		async (next) => {
			const res = await post('/guest', new URLSearchParams({ name: 'Gast', next }).toString());
			expect(res.status).toBe(400);
			expect(res.headers.get('set-cookie') ?? '').not.toContain('plenair_session');
		}
	);
});

describe('malformed bodies', () => {
	it.each([
		['/signin', 'multipart/form-data; boundary=x', '--x\r\nbroken'],
		['/guest', 'multipart/form-data', 'no boundary at all'],
		['/dossier/tip', 'multipart/form-data; boundary=y', '--y\r\nContent-Disposition: form-data'],
		['/language', 'multipart/form-data; boundary=z', '\u0000\u0001']
	])('%s answers 400 with a message, never 500', async (path, type, body) => {
		const res = await post(path, body, type);
		expect(res.status).toBe(400);
		expect(await res.text()).toMatch(/form/i);
	});
});

describe('security headers', () => {
	it('are on a static file', async () => {
		const res = await fetch(`${app.url}/robots.txt`);
		expect(res.status).toBe(200);
		expectSecurityHeaders(res);
	});

	it('are on a page with its content security policy', async () => {
		const res = await fetch(`${app.url}/`);
		expectSecurityHeaders(res);
		expect(res.headers.get('content-security-policy')).toContain('connect-src');
	});

	it('are on a 404', async () => {
		const res = await fetch(`${app.url}/no-such-page`);
		expect(res.status).toBe(404);
		expectSecurityHeaders(res);
	});

	it('are on a 500, which shows a reference and hides the error', async () => {
		const res = await fetch(`${app.url}/api/test/fail`, { headers: { accept: 'text/html' } });
		expect(res.status).toBe(500);
		expectSecurityHeaders(res);
		const body = await res.text();
		expect(body).not.toContain('secret detail');
		const id = body.match(/reference ([0-9a-f]{8})/)?.[1];
		expect(id).toBeDefined();
		// The log has it: one line naming the request by the same reference, with the error. The
		// line comes through the process's stdout pipe, which may be a moment behind the answer.
		const logged = () =>
			app
				.output()
				.split('\n')
				.filter((l) => l.startsWith('{'))
				.map((l) => JSON.parse(l) as { req?: string; msg?: string; route?: string; err?: unknown })
				.find((l) => l.req === id && l.msg === 'unexpected error');
		expect(await waitFor(() => logged() !== undefined, 5000)).toBe(true);
		const line = logged();
		expect(line).toMatchObject({ route: '/api/test/fail' });
		expect(JSON.stringify(line?.err)).toContain('secret detail that must stay in the log');
	});
});
