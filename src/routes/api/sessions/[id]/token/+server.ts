import { json } from '@sveltejs/kit';
import { AccessToken } from 'livekit-server-sdk';
import { policyContext } from '$lib/server/auth/guard';
import { grantFor } from '$lib/server/livekit-grants';
import { roomNameFor } from '$lib/server/livekit';
import { admitToRoundSession } from '$lib/server/round-signup';
import { getServices } from '$lib/server/services';
import { chatRoleOf } from '$lib/shared/policy';
import { findSession, sessionStatus } from '$lib/shared/programme';
import type { ErrorCode } from '$lib/shared/realtime/errors';
import type { RequestHandler } from './$types';

/** Stage people may enter this long before the start, to test their camera backstage. */
const BACKSTAGE_OPENS_MS = 15 * 60_000;
const TOKEN_TTL = '15m';

/** Every refusal: `{ message, code }` (and more fields for some codes), never cached. */
const refuse = (status: number, code: ErrorCode, message: string, extra: object = {}) =>
	json({ message, code, ...extra }, { status, headers: { 'cache-control': 'no-store' } });

/**
 * Mints a short-lived LiveKit token for the session's room. The server picks the room, the
 * identity and every permission; the request carries nothing but the session id in its path.
 * Someone a moderator removed, or banned from this room's chat or the event, gets none.
 */
export const POST: RequestHandler = async ({ params, locals }) => {
	const services = getServices();
	const { event, clock, livekit } = services;
	const session = findSession(event, params.id);
	if (!session) return refuse(404, 'unknown_session', 'No session with this id in the programme.');
	const context = policyContext(event, session);
	const room = roomNameFor(event.event.slug, session.id);
	const access = grantFor(locals.actor, session, context, room);
	if (!access)
		return locals.actor
			? refuse(403, 'forbidden', 'You may not enter this room.')
			: refuse(401, 'sign_in', 'Sign in to enter this room.');

	const now = clock.now();
	const status = sessionStatus(session, now);
	const early =
		access.mode !== 'viewer' &&
		access.mode !== 'participant' &&
		Date.parse(session.start) - now <= BACKSTAGE_OPENS_MS;
	if (status === 'past') return refuse(410, 'session_ended', 'This session has ended.');
	if (status === 'upcoming' && !early)
		return refuse(425, 'session_not_started', 'This session has not started yet.');

	const actor = locals.actor;
	if (actor && access.mode !== 'moderator') {
		const refusal = await services.roomAccess.refusalFor(session.id, actor.id);
		if (refusal === 'banned') return refuse(403, 'banned', 'You are banned from this room.');
		if (refusal === 'removed')
			return refuse(403, 'removed', 'A moderator removed you from this room.');
	}

	const identity = actor?.id ?? `viewer-${crypto.randomUUID()}`;
	const round = event.rounds.find((r) => r.id === session.round && r.signup);
	if (round && session.capacity && access.mode === 'participant') {
		// Entering a breakout of a sign-up round signs you up, by the same rules as the programme
		// page (round-signup.ts: signUp).
		const admitted = await admitToRoundSession(services, actor, round, session);
		if (admitted.status === 'over') return refuse(410, 'session_ended', 'This round is over.');
		if (admitted.status === 'forbidden')
			return refuse(403, 'signup_forbidden', 'You may not sign up for this session.');
		if (admitted.status === 'full')
			return refuse(
				409,
				'room_full',
				admitted.position
					? `This session is full; you are number ${admitted.position} on the waitlist.`
					: 'This session is full.',
				{ waitlistPosition: admitted.position ?? null }
			);
	}

	const token = new AccessToken(livekit.apiKey, livekit.apiSecret, {
		identity,
		name: actor?.name ?? 'Kijker',
		ttl: TOKEN_TTL,
		metadata: JSON.stringify({ mode: access.mode, role: chatRoleOf(actor, session.id) })
	});
	token.addGrant(access.grant);
	return json(
		{ url: livekit.publicUrl, token: await token.toJwt(), room, identity, mode: access.mode },
		{ headers: { 'cache-control': 'no-store' } }
	);
};
