import { createHash } from 'node:crypto';
import { AccessToken } from 'livekit-server-sdk';
import { TEST_LIVEKIT_KEY, TEST_LIVEKIT_SECRET, type AppProcess } from './app-process.ts';

/** Signs a body the way livekit-server does: an HS256 JWT whose sha256 claim hashes the raw body. */
export async function signWebhook(body: string, secret = TEST_LIVEKIT_SECRET): Promise<string> {
	const token = new AccessToken(TEST_LIVEKIT_KEY, secret);
	token.sha256 = createHash('sha256').update(body).digest('base64');
	return token.toJwt();
}

/** Posts a webhook body to the app as livekit-server does, with this Authorization header. */
export function postWebhook(app: AppProcess, body: string, authorization: string) {
	return fetch(`${app.url}/api/livekit/webhook`, {
		method: 'POST',
		headers: { 'content-type': 'application/webhook+json', authorization },
		body
	});
}

/**
 * Delivers a LiveKit webhook event (with a fresh id, made at 17:20 on the demo day), signed with
 * the app's LiveKit secret or, to be refused, another one.
 */
export async function deliverWebhook(app: AppProcess, event: object, secret?: string) {
	const body = JSON.stringify({ id: crypto.randomUUID(), createdAt: '1642436400', ...event });
	return postWebhook(app, body, await signWebhook(body, secret));
}
