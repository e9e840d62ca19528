import type { Actor, Grant } from '../../shared/policy.ts';
import type { Services } from '../services.ts';

/**
 * The one way an admin page makes an invite: stored, written to the audit log, and its link
 * built from the configured origin.
 */
export async function createInvite(
	services: Pick<Services, 'auth' | 'audit' | 'clock' | 'origin'>,
	actor: Actor,
	input: { grant: Grant; hours: number; uses: number }
): Promise<string> {
	const { auth, audit, clock, origin } = services;
	const { role, session } = input.grant;
	const { token } = await auth.invites.create({ ...input, createdBy: actor.id });
	await audit.record({
		at: clock.now(),
		action: 'invite.create',
		actorId: actor.id,
		actorName: actor.name,
		target: session ? `${role} of ${session}` : `${role} of the whole event`,
		detail: `${input.uses} use(s), valid ${input.hours} h`
	});
	return `${origin}/invite/${token}`;
}
