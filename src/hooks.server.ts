import type { Handle, HandleServerError } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { SESSION_COOKIE } from '$lib/server/auth/sessions';
import { log } from '$lib/server/log';
import { toActor } from '$lib/server/auth/users';
import { withSecurityHeaders } from '$lib/server/security-headers';
import { getServices } from '$lib/server/services';
import { unavailableResponse, worksWithoutRedis } from '$lib/server/unavailable';
import { getTextDirection } from '$lib/paraglide/runtime';
import { paraglideMiddleware } from '$lib/paraglide/server';

const handleLocale: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return resolve(event, {
			transformPageChunk: ({ html }) =>
				html
					.replace('%paraglide.lang%', locale)
					.replace('%paraglide.dir%', getTextDirection(locale))
		});
	});

/** Without Redis nothing but the health checks can work: say so clearly instead of hanging. */
const handleUnavailable: Handle = ({ event, resolve }) => {
	if (getServices().redis.status !== 'ready' && !worksWithoutRedis(event.url.pathname))
		return unavailableResponse(event.request);
	return resolve(event);
};

/** Resolves the sign-in cookie into locals.actor for every page, action and endpoint. */
const handleAuth: Handle = async ({ event, resolve }) => {
	event.locals.actor = null;
	event.locals.user = null;
	event.locals.authSession = null;
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const { auth } = getServices();
		const session = await auth.sessions.resolve(token);
		const user = session ? await auth.users.get(session.userId) : undefined;
		if (session && user) {
			event.locals.authSession = session;
			event.locals.user = user;
			event.locals.actor = toActor(user);
		} else {
			event.cookies.delete(SESSION_COOKIE, { path: '/' });
		}
	}
	return resolve(event);
};

const handleSecurityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	try {
		const { livekit, origin } = getServices();
		withSecurityHeaders(response.headers, { livekitPublicUrl: livekit.publicUrl, origin });
	} catch {
		// Immutable headers (a fetched Response passed through): nothing to add.
	}
	return response;
};

/**
 * Every request counted and timed by its route (the route id, not the URL: bounded labels), and
 * logged as one line with an id that also names it in an error's log line.
 */
const handleMetrics: Handle = async ({ event, resolve }) => {
	const began = performance.now();
	const id = crypto.randomUUID().slice(0, 8);
	event.locals.requestId = id;
	let status = 500;
	try {
		const response = await resolve(event);
		status = response.status;
		return response;
	} finally {
		const route = event.route.id ?? 'unmatched';
		const seconds = (performance.now() - began) / 1000;
		const { metrics } = getServices();
		metrics.httpRequests.inc({ route, method: event.request.method, status: String(status) });
		metrics.httpSeconds.observe({ route }, seconds);
		log('http').info(
			{ req: id, method: event.request.method, route, status, ms: Math.round(seconds * 1000) },
			'request'
		);
	}
};

export const handle: Handle = sequence(
	handleMetrics,
	handleSecurityHeaders,
	handleUnavailable,
	handleAuth,
	handleLocale
);

/**
 * The one path of unexpected errors: logged once with a short id, and answered with a friendly
 * page (or JSON) that shows the id so a visitor can quote it, never the error's own text.
 */
export const handleError: HandleServerError = ({ error, event, status, message }) => {
	if (status === 404) return { message, code: 'not_found' };
	const id = event.locals.requestId ?? crypto.randomUUID().slice(0, 8);
	log('http').error(
		{ req: id, method: event.request.method, route: event.route.id ?? 'unmatched', err: error },
		'unexpected error'
	);
	return { message: `Something went wrong on our side (reference ${id}).`, code: 'internal', id };
};
