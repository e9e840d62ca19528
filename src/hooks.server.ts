import type { Handle, HandleServerError } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { SESSION_COOKIE } from '$lib/server/auth/sessions';
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

export const handle: Handle = sequence(
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
	const id = crypto.randomUUID().slice(0, 8);
	console.error(`[error ${id}] ${event.request.method} ${event.url.pathname}:`, error);
	return { message: `Something went wrong on our side (reference ${id}).`, code: 'internal', id };
};
