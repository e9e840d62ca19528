import type { Cookies } from '@sveltejs/kit';
import { m } from '../../paraglide/messages.js';
import type { Locale } from '../../shared/event-schema.ts';
import { localize } from '../../shared/programme.ts';
import { hit } from '../rate-limit.ts';
import { rateLimitKeys } from '../redis-keys.ts';
import type { Services } from '../services.ts';
import { LINK_TTL_SECONDS, type LinkPayload } from './magic-links.ts';
import { SESSION_COOKIE, SESSION_COOKIE_MAX_AGE } from './sessions.ts';

/** Sign-in attempts allowed per address within the window (per IP: config). */
export const SIGN_IN_LIMITS = { perEmail: 5, windowSeconds: 15 * 60 };

export type LinkRequestResult = { sent: true } | { sent: false; retryAfterSeconds: number };

/**
 * Mails a single-use sign-in link. The answer is the same whether or not the address is known,
 * so the form cannot be used to find out who has an account; only the rate limit answers
 * differently.
 */
export async function requestSignInLink(
	services: Pick<Services, 'redis' | 'auth' | 'mailer' | 'event' | 'config'>,
	request: {
		payload: LinkPayload;
		registering: boolean;
		ip: string;
		origin: string;
		locale: Locale;
	}
): Promise<LinkRequestResult> {
	const { redis, auth, mailer, event } = services;
	const { payload } = request;
	for (const [key, max] of [
		[rateLimitKeys.signInEmail(payload.email), SIGN_IN_LIMITS.perEmail],
		[rateLimitKeys.signInIp(request.ip), services.config.PLENAIR_SIGNIN_LIMIT_PER_IP]
	] as const) {
		const limit = await hit(redis, key, max, SIGN_IN_LIMITS.windowSeconds);
		if (!limit.allowed) return { sent: false, retryAfterSeconds: limit.retryAfterSeconds };
	}

	const existing = await auth.users.findByEmail(payload.email);
	if (!request.registering && !existing) return { sent: true };

	const token = await auth.links.issue(payload);
	const link = `${request.origin}/auth/link?token=${encodeURIComponent(token)}`;
	const locale = existing?.locale ?? request.locale;
	await mailer.send({
		to: payload.email,
		subject: m.mail_link_subject({ event: localize(event.event.title, locale) }, { locale }),
		text: m.mail_link_body(
			{ name: existing?.name ?? payload.name ?? '', link, minutes: LINK_TTL_SECONDS / 60 },
			{ locale }
		)
	});
	return { sent: true };
}

export function setSessionCookie(cookies: Cookies, token: string, secure: boolean): void {
	cookies.set(SESSION_COOKIE, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure,
		maxAge: SESSION_COOKIE_MAX_AGE
	});
}
