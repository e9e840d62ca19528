import { redirect } from '@sveltejs/kit';
import { SESSION_COOKIE } from '$lib/server/auth/sessions';
import { getServices } from '$lib/server/services';
import { readForm } from '$lib/server/read-form';
import type { RequestHandler } from './$types';

/** Ends this sign-in session (or, with everywhere=1, all of them), including open sockets. */
export const POST: RequestHandler = async ({ locals, cookies, request }) => {
	const { auth, realtime } = getServices();
	// Signing out needs no form: a bare POST ends this session; everywhere=1 ends all of them.
	const form = request.headers.get('content-type') ? await readForm(request) : {};
	if (locals.authSession) {
		const ended =
			form.everywhere === '1'
				? await auth.sessions.destroyAll(locals.authSession.userId)
				: (await auth.sessions.destroy(locals.authSession), [locals.authSession.id]);
		realtime?.endSessions(ended);
	}
	cookies.delete(SESSION_COOKIE, { path: '/' });
	redirect(303, '/');
};
