import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, TEST_LIVEKIT_SECRET, type AppProcess } from '../support/app-process.ts';
import { registerAndSignIn } from '../support/http.ts';

/** Every file of the built browser bundle. */
function clientFiles(dir = 'build/client'): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? clientFiles(path) : [path];
	});
}

let app: AppProcess;
beforeAll(async () => {
	app = await startApp({ NODE_ENV: 'test', PLENAIR_NOW: '2022-01-17T17:20:00+01:00' });
});
afterAll(() => app?.stop());

describe('what reaches the browser', () => {
	it('never contains the LiveKit secret or a session secret', async () => {
		const cookie = await registerAndSignIn(app, 'secrets@example.org');
		const token = cookie.split('=')[1];
		const secrets = [TEST_LIVEKIT_SECRET, token];
		for (const file of clientFiles()) {
			const text = readFileSync(file, 'latin1');
			for (const secret of secrets)
				expect(text.includes(secret), `${secret.slice(0, 6)}… in ${file}`).toBe(false);
		}
		const page = await (
			await fetch(`${app.url}/sessions/plenaire-opening`, { headers: { cookie } })
		).text();
		for (const secret of secrets) expect(page.includes(secret)).toBe(false);
	});

	it('sends a content security policy and the other security headers', async () => {
		const res = await fetch(app.url);
		const csp = res.headers.get('content-security-policy') ?? '';
		expect(csp).toContain("default-src 'self'");
		expect(csp).toContain("frame-ancestors 'none'");
		expect(csp).toContain("object-src 'none'");
		expect(csp).toMatch(/connect-src 'self' ws:\/\/127\.0\.0\.1:\d+/);
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
	});

	it('sets the session cookie httpOnly and SameSite=Lax', async () => {
		const res = await fetch(`${app.url}/guest`, {
			method: 'POST',
			headers: { origin: app.url, 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ name: 'Koekje' }),
			redirect: 'manual'
		});
		const cookie = res.headers.getSetCookie().find((c) => c.startsWith('plenair_session='))!;
		expect(cookie).toMatch(/HttpOnly/i);
		expect(cookie).toMatch(/SameSite=Lax/i);
	});

	it('refuses a cross-site form post', async () => {
		const res = await fetch(`${app.url}/signin`, {
			method: 'POST',
			headers: {
				origin: 'https://evil.example',
				'content-type': 'application/x-www-form-urlencoded'
			},
			body: new URLSearchParams({ email: 'x@example.org' })
		});
		expect(res.status).toBe(403);
	});
});
