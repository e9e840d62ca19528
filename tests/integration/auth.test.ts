import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGN_IN_LIMITS } from '../../src/lib/server/auth/sign-in.ts';
import { startApp, type AppProcess } from '../support/app-process.ts';
import {
	linkTokenIn,
	outbox,
	registerAndSignIn,
	sessionCookie,
	submitAction
} from '../support/http.ts';
import { cliInvite } from '../support/admin-cli.ts';

let app: AppProcess;

beforeAll(async () => {
	app = await startApp({ NODE_ENV: 'test', PLENAIR_NOW: '2022-01-17T17:20:00+01:00' });
});
afterAll(() => app?.stop());

async function get(path: string, cookie?: string): Promise<number> {
	const res = await fetch(`${app.url}${path}`, {
		headers: cookie ? { cookie } : {},
		redirect: 'manual'
	});
	return res.status;
}

describe('registration and magic links', () => {
	it('mails a single-use link that signs in', async () => {
		const registered = await submitAction(app, '/register', {
			name: 'Anna de Vries',
			email: 'anna@example.org',
			organisation: 'De Warren'
		});
		expect(registered.type).toBe('success');
		const mail = (await outbox(app)).find((m) => m.to === 'anna@example.org')!;
		expect(mail.subject).toContain('Coöperatieven maken de stad');
		const token = linkTokenIn(mail);

		const first = await submitAction(app, '/auth/link', { token });
		expect(first.type).toBe('redirect');
		expect(first.cookie).toBeDefined();
		expect(await get('/profile', first.cookie)).toBe(200);

		const again = await submitAction(app, '/auth/link', { token });
		expect(again.status).toBe(410);
		expect(again.cookie).toBeUndefined();
	});

	it('answers the same whether or not an address is known', async () => {
		await registerAndSignIn(app, 'known@example.org');
		const before = (await outbox(app)).length;
		const known = await submitAction(app, '/signin', { email: 'known@example.org' });
		const unknown = await submitAction(app, '/signin', { email: 'nobody@example.org' });
		expect(known.type).toBe('success');
		expect(unknown.type).toBe('success');
		expect(known.data.replace('known', 'X')).toBe(unknown.data.replace('nobody', 'X'));
		const mails = (await outbox(app)).slice(0, (await outbox(app)).length - before);
		expect(mails.map((m) => m.to)).toEqual(['known@example.org']);
	});

	it('refuses bad input field by field', async () => {
		const bad = await submitAction(app, '/register', { name: '', email: 'not-an-address' });
		expect(bad.status).toBe(400);
		expect(bad.data).toContain('form_name_invalid');
		expect(bad.data).toContain('form_email_invalid');
	});

	it(`refuses the attempt after ${SIGN_IN_LIMITS.perEmail} per address with a clear message`, async () => {
		const results = [];
		for (let i = 0; i <= SIGN_IN_LIMITS.perEmail; i++)
			results.push(await submitAction(app, '/signin', { email: 'flood@example.org' }));
		expect(results.slice(0, -1).every((r) => r.type === 'success')).toBe(true);
		const last = results.at(-1)!;
		expect(last.status).toBe(429);
		expect(last.data).toContain('form_rate_limited');
	});

	it('signs out, and the cookie no longer works', async () => {
		const cookie = await registerAndSignIn(app, 'leaver@example.org');
		const res = await fetch(`${app.url}/signout`, {
			method: 'POST',
			headers: { cookie, origin: app.url },
			redirect: 'manual'
		});
		expect(res.status).toBe(303);
		expect(await get('/profile', cookie)).toBe(401);
	});

	it('signing out disconnects the open sockets of that session', async () => {
		const cookie = await registerAndSignIn(app, 'socket@example.org');
		const socket = connect(app.url, {
			transports: ['websocket'],
			extraHeaders: { cookie },
			reconnection: false
		});
		await new Promise<void>((resolve, reject) => {
			socket.once('connect', resolve);
			socket.once('connect_error', reject);
		});
		const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
		await fetch(`${app.url}/signout`, {
			method: 'POST',
			headers: { cookie, origin: app.url },
			redirect: 'manual'
		});
		expect(await closed).toBe('io server disconnect');
	});

	it('refuses a socket handshake from another site', async () => {
		const socket = connect(app.url, {
			transports: ['websocket'],
			extraHeaders: { origin: 'https://evil.example' },
			reconnection: false
		});
		const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
		expect(error).toBeInstanceOf(Error);
		socket.close();
	});

	it('deleting an account ends its sessions', async () => {
		const cookie = await registerAndSignIn(app, 'gone@example.org');
		const deleted = await submitAction(app, '/profile?/delete', {}, cookie);
		expect(deleted.type).toBe('redirect');
		expect(await get('/profile', cookie)).toBe(401);
	});
});

describe('the authorisation matrix over HTTP', () => {
	let cookies: Record<'guest' | 'attendee' | 'moderator' | 'admin', string>;

	beforeAll(async () => {
		const guest = await fetch(`${app.url}/guest`, {
			method: 'POST',
			headers: { origin: app.url, 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ name: 'Gast' }),
			redirect: 'manual'
		});
		cookies = {
			guest: sessionCookie(guest)!,
			attendee: await registerAndSignIn(app, 'attendee@example.org'),
			moderator: await registerAndSignIn(app, 'moderator@example.org', {
				invite: await cliInvite(app, 'moderator')
			}),
			admin: await registerAndSignIn(app, 'admin@example.org', {
				invite: await cliInvite(app, 'admin')
			})
		};
	});

	const cases: [string, (c?: string) => Promise<number>, Record<string, number>][] = [
		[
			'programme.view: GET /',
			(c) => get('/', c),
			{ anonymous: 200, guest: 200, attendee: 200, moderator: 200, admin: 200 }
		],
		[
			'profile.edit: GET /profile',
			(c) => get('/profile', c),
			{ anonymous: 401, guest: 200, attendee: 200, moderator: 200, admin: 200 }
		],
		[
			'admin.view: GET /admin',
			(c) => get('/admin', c),
			{ anonymous: 401, guest: 403, attendee: 403, moderator: 403, admin: 200 }
		],
		[
			'invite.create: POST /admin?/invite',
			async (c) =>
				(
					await submitAction(
						app,
						'/admin?/invite',
						{ role: 'speaker', session: 'plenaire-opening', hours: '1', uses: '1' },
						c
					)
				).status,
			{ anonymous: 401, guest: 403, attendee: 403, moderator: 403, admin: 200 }
		],
		[
			'programme.edit: GET /admin/programme',
			(c) => get('/admin/programme', c),
			{ anonymous: 401, guest: 403, attendee: 403, moderator: 403, admin: 200 }
		]
	];

	it.each(cases)('%s', async (_name, request, expected) => {
		const actual: Record<string, number> = {};
		for (const role of Object.keys(expected))
			actual[role] = await request(
				role === 'anonymous' ? undefined : cookies[role as keyof typeof cookies]
			);
		expect(actual).toEqual(expected);
	});

	it('an invite makes its holder a moderator, and a used-up invite makes nobody', async () => {
		const token = await cliInvite(app, 'moderator', { session: 'plenaire-opening' });
		const cookie = await registerAndSignIn(app, 'mod2@example.org', { invite: token });
		const profile = await (await fetch(`${app.url}/profile`, { headers: { cookie } })).text();
		expect(profile).toContain('moderator');
		expect(await get(`/invite/${token}`)).toBe(200);
		const page = await (await fetch(`${app.url}/invite/${token}`)).text();
		expect(page).toMatch(/verlopen|expired/);
	});
});
