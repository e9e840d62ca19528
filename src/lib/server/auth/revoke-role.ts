import { isBroadcast } from '../../shared/event-schema.ts';
import type { Actor, Grant } from '../../shared/policy.ts';
import { stagePermission } from '../livekit-grants.ts';
import { roomNameFor } from '../livekit.ts';
import type { Services } from '../services.ts';

export type Revocation = 'revoked' | 'unknown';

/**
 * Takes a role back, everywhere it acts at once: the grant goes; the person's live connections
 * end, so their pages come back (see Realtime.onServerDisconnect) with what is left of their
 * rights; in the livecast rooms the role applied to they stand off stage, hidden and unable to
 * publish (a moderator's LiveKit token of at most 15 minutes keeps its room-admin claim until it
 * expires: LiveKit has no revocation). Written to the audit log.
 */
export async function revokeRole(
	services: Pick<Services, 'auth' | 'audit' | 'clock' | 'realtime' | 'livekit' | 'event'>,
	actor: Actor,
	userId: string,
	grant: Grant
): Promise<Revocation> {
	const { auth, audit, clock, realtime, livekit, event } = services;
	const user = await auth.users.get(userId);
	if (!user || !(await auth.users.removeGrant(userId, grant))) return 'unknown';
	realtime?.endSessions(await auth.sessions.idsOf(userId));
	const livecasts = event.sessions.filter(
		(s) => isBroadcast(s.kind) && (grant.session === undefined || s.id === grant.session)
	);
	await Promise.all(
		livecasts.map((s) =>
			livekit.rooms
				.updateParticipant(roomNameFor(event.event.slug, s.id), userId, {
					permission: stagePermission(false)
				})
				// Not in that room (or it is not open): nothing to take back there.
				.catch(() => undefined)
		)
	);
	await audit.record({
		at: clock.now(),
		action: 'role.revoke',
		actorId: actor.id,
		actorName: actor.name,
		target: user.name,
		detail: grant.session ? `${grant.role} of ${grant.session}` : `${grant.role} of the whole event`
	});
	return 'revoked';
}
