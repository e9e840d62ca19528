import { error, json } from '@sveltejs/kit';
import { AccessToken } from 'livekit-server-sdk';
import { policyContext } from '$lib/server/auth/guard';
import { grantFor } from '$lib/server/livekit-grants';
import { roomNameFor } from '$lib/server/livekit';
import { getServices } from '$lib/server/services';
import { findSession, sessionStatus } from '$lib/shared/programme';
import type { RequestHandler } from './$types';

/** Stage people may enter this long before the start, to test their camera backstage. */
const BACKSTAGE_OPENS_MS = 15 * 60_000;
const TOKEN_TTL = '15m';

/**
 * Mints a short-lived LiveKit token for the session's room. The server picks the room, the
 * identity and every permission; the request carries nothing but the session id in its path.
 */
export const POST: RequestHandler = async ({ params, locals }) => {
	const { event, clock, livekit, signup } = getServices();
	const session = findSession(event, params.id);
	if (!session) error(404, 'No session with this id in the programme.');
	const context = policyContext(event, session);
	const room = roomNameFor(event.event.slug, session.id);
	const access = grantFor(locals.actor, session, context, room);
	if (!access)
		error(
			locals.actor ? 403 : 401,
			locals.actor ? 'You may not enter this room.' : 'Sign in to enter this room.'
		);

	const now = clock.now();
	const status = sessionStatus(session, now);
	const early =
		access.mode !== 'viewer' &&
		access.mode !== 'participant' &&
		Date.parse(session.start) - now <= BACKSTAGE_OPENS_MS;
	if (status === 'past') error(410, 'This session has ended.');
	if (status === 'upcoming' && !early) error(425, 'This session has not started yet.');

	const actor = locals.actor;
	const identity = actor?.id ?? `viewer-${crypto.randomUUID()}`;
	const round = event.rounds.find((r) => r.id === session.round && r.signup);
	if (round && session.capacity && access.mode === 'participant' && actor) {
		const { placement } = await signup.choose(round.id, session.id, actor.id);
		if (placement.status === 'waitlisted')
			return json(
				{
					error: `This session is full; you are number ${placement.position} on the waitlist.`,
					waitlistPosition: placement.position
				},
				{ status: 409 }
			);
	}

	const token = new AccessToken(livekit.apiKey, livekit.apiSecret, {
		identity,
		name: actor?.name ?? 'Kijker',
		ttl: TOKEN_TTL,
		metadata: JSON.stringify({ mode: access.mode })
	});
	token.addGrant(access.grant);
	return json(
		{ url: livekit.publicUrl, token: await token.toJwt(), room, identity, mode: access.mode },
		{ headers: { 'cache-control': 'no-store' } }
	);
};
