import { request as httpRequest } from 'node:http';
import { Redis } from 'ioredis';
import { MailSchema, type Mail } from '../../src/lib/server/mail/mailer.ts';
import { mailKeys } from '../../src/lib/server/redis-keys.ts';
import type { AppProcess } from './app-process.ts';

export interface ActionResult {
	status: number;
	type: 'success' | 'failure' | 'redirect' | 'error';
	/** devalue-encoded data, as text: enough to search for keys and values. */
	data: string;
	location?: string;
	cookie?: string;
}

/**
 * Submits a SvelteKit form action as a same-origin browser would (enhanced form): fields as
 * a urlencoded form, or FormData (with files) as multipart.
 */
export async function submitAction(
	app: Pick<AppProcess, 'url'>,
	path: string,
	fields: Record<string, string> | FormData,
	cookie?: string
): Promise<ActionResult> {
	const multipart = fields instanceof FormData;
	const res = await fetch(`${app.url}${path}`, {
		method: 'POST',
		headers: {
			origin: app.url,
			accept: 'application/json',
			'x-sveltekit-action': 'true',
			// FormData brings its own multipart content type, with the boundary.
			...(multipart ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
			...(cookie ? { cookie } : {})
		},
		body: multipart ? fields : new URLSearchParams(fields),
		redirect: 'manual'
	});
	const body = (await res.json()) as {
		type: ActionResult['type'];
		status?: number;
		data?: string;
		location?: string;
	};
	return {
		status: body.status ?? res.status,
		type: body.type,
		data: body.data ?? '',
		location: body.location,
		cookie: sessionCookie(res)
	};
}

/** Moves a test app's programme clock (`POST /api/test/clock`, outside production only). */
export async function setProgrammeClock(app: AppProcess, at: string): Promise<void> {
	const res = await fetch(`${app.url}/api/test/clock`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', origin: app.url },
		body: JSON.stringify({ at })
	});
	if (res.status !== 200)
		throw new Error(`the clock did not move: ${res.status} ${await res.text()}`);
}

export function sessionCookie(res: Response): string | undefined {
	return sessionCookieIn(res.headers.getSetCookie());
}

/** The session cookie (`plenair_session=…`) among Set-Cookie headers; none when it is cleared. */
export function sessionCookieIn(setCookie: string[] | undefined): string | undefined {
	const value = setCookie?.find((c) => c.startsWith('plenair_session='))?.split(';')[0];
	return value && value !== 'plenair_session=' ? value : undefined;
}

export async function outbox(app: Pick<AppProcess, 'redis'>): Promise<Mail[]> {
	const redis = new Redis(app.redis!.url);
	const raw = await redis.lrange(mailKeys.outbox, 0, -1);
	redis.disconnect();
	return raw.map((r) => MailSchema.parse(JSON.parse(r)));
}

export function linkTokenIn(mail: Mail): string {
	const match = mail.text.match(/\/auth\/link\?token=([\w%-]+)/);
	if (!match) throw new Error(`no sign-in link in: ${mail.text}`);
	return decodeURIComponent(match[1]);
}

/** Registers and signs in through the mailed link; returns the session cookie. */
export async function registerAndSignIn(
	app: Pick<AppProcess, 'url' | 'redis'>,
	email: string,
	extra: Record<string, string> = {}
): Promise<string> {
	const registered = await submitAction(app, '/register', {
		name: email.split('@')[0],
		email,
		...extra
	});
	if (registered.type !== 'success')
		throw new Error(`register failed: ${registered.status} ${registered.data}`);
	const mail = (await outbox(app)).find((m) => m.to === email);
	if (!mail) throw new Error(`no mail for ${email}`);
	const used = await submitAction(app, '/auth/link', { token: linkTokenIn(mail) });
	if (!used.cookie) throw new Error(`link did not sign in: ${used.status} ${used.data}`);
	return used.cookie;
}

/**
 * A guest session cookie, from the /guest form as a browser posts it. The form allows a limited
 * number of guests per address: many guests can come from different loopback addresses.
 */
export function guestCookie(url: string, name: string, localAddress?: string): Promise<string> {
	const body = new URLSearchParams({ name }).toString();
	const { hostname, port } = new URL(url);
	return new Promise((resolve, reject) => {
		const req = httpRequest(
			{
				host: hostname,
				port,
				path: '/guest',
				method: 'POST',
				localAddress,
				headers: {
					origin: url,
					'content-type': 'application/x-www-form-urlencoded',
					'content-length': Buffer.byteLength(body)
				}
			},
			(res) => {
				res.resume();
				const cookie = sessionCookieIn(res.headers['set-cookie']);
				if (cookie) resolve(cookie);
				else reject(new Error(`no guest cookie (status ${res.statusCode})`));
			}
		);
		req.on('error', reject);
		req.end(body);
	});
}
