import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, TEST_LIVEKIT_SECRET, type AppProcess } from '../support/app-process.ts';
import { registerAndSignIn } from '../support/http.ts';

/** Every file under `dir`. */
async function filesUnder(dir: string): Promise<string[]> {
	const entries = await readdir(dir, { withFileTypes: true, recursive: true });
	return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/**
 * Secrets that exist only for one build: if any of them reaches the browser bundle, something
 * copies the build's environment into client code (an `envPrefix`, a `define`, a public env
 * import). Random per build, so no earlier build can contain them. `npm test` makes its one build
 * with them (scripts/build-with-canaries.mjs) and notes them beside it; run alone, this test makes
 * a build of its own.
 */
const canary = (label: string) => `${label}${randomBytes(12).toString('hex')}`;
const NOTE = 'test-results/build-canaries.json';

// Inside the project, so the build's own analysis step finds node_modules; ignored by git.
const WORK = join(
	'node_modules',
	'.cache',
	'plenair-client-bundle',
	randomBytes(6).toString('hex')
);
let canaries: Record<string, string> = {};
let clientFiles: string[] = [];

/** The canaries of the current build/, when `npm test` built it with them. */
async function notedCanaries(): Promise<Record<string, string> | undefined> {
	try {
		const note = JSON.parse(await readFile(NOTE, 'utf8')) as {
			version: string;
			canaries: Record<string, string>;
		};
		const built = JSON.parse(await readFile('build/client/_app/version.json', 'utf8')) as {
			version: string;
		};
		return note.version === built.version ? note.canaries : undefined;
	} catch {
		return undefined;
	}
}

async function buildOwn(): Promise<string> {
	canaries = {
		LIVEKIT_API_KEY: canary('lkkey'),
		LIVEKIT_API_SECRET: canary('lksecret').padEnd(48, 'x'),
		SMTP_PASSWORD: canary('smtppass'),
		REDIS_PASSWORD: canary('redispass')
	};
	await mkdir(WORK, { recursive: true });
	await promisify(execFile)('npx', ['vite', 'build'], {
		env: {
			...process.env,
			NODE_ENV: 'production',
			// Its own output folders: never disturbs build/ or .svelte-kit/ of another build.
			PLENAIR_BUILD_DIR: join(WORK, 'build'),
			PLENAIR_KIT_DIR: join(WORK, 'kit'),
			LIVEKIT_URL: 'wss://livekit.example.org',
			LIVEKIT_API_KEY: canaries.LIVEKIT_API_KEY,
			LIVEKIT_API_SECRET: canaries.LIVEKIT_API_SECRET,
			SMTP_URL: `smtp://plenair:${canaries.SMTP_PASSWORD}@mail.example.org:587`,
			REDIS_URL: `redis://:${canaries.REDIS_PASSWORD}@redis.example.org:6379`
		},
		maxBuffer: 64 * 1024 * 1024,
		timeout: 170_000
	});
	return join(WORK, 'build', 'client');
}

let app: AppProcess;
beforeAll(async () => {
	const noted = await notedCanaries();
	if (noted) canaries = noted;
	const [client, started] = await Promise.all([
		noted ? 'build/client' : buildOwn(),
		startApp({ NODE_ENV: 'test', PLENAIR_NOW: '2022-01-17T17:20:00+01:00' })
	]);
	app = started;
	clientFiles = await filesUnder(client);
}, 180_000);
afterAll(async () => {
	await rm(WORK, { recursive: true, force: true });
	await app?.stop();
});

describe('what reaches the browser', () => {
	it('never contains a secret that was in the environment of the build', async () => {
		expect(Object.keys(canaries)).toHaveLength(4);
		const scripts = clientFiles.filter((f) => f.endsWith('.js'));
		expect(scripts.length).toBeGreaterThan(10);
		for (const file of clientFiles) {
			const text = await readFile(file, 'latin1');
			for (const [name, secret] of Object.entries(canaries))
				expect(text.includes(secret), `${name} in ${file}`).toBe(false);
		}
		// The scan reads the real bundle: the browser's own Socket.IO path is in it.
		const bundle = (await Promise.all(scripts.map((f) => readFile(f, 'latin1')))).join('\n');
		expect(bundle).toContain('/socket.io');
	});

	it('never serves the LiveKit secret or a session secret in a page', async () => {
		const cookie = await registerAndSignIn(app, 'secrets@example.org');
		const token = cookie.split('=')[1];
		const page = await (
			await fetch(`${app.url}/sessions/plenaire-opening`, { headers: { cookie } })
		).text();
		expect(page).toContain('plenaire-opening');
		for (const secret of [TEST_LIVEKIT_SECRET, token]) expect(page.includes(secret)).toBe(false);
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
