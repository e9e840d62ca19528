import type { Socket } from 'socket.io';
import { policyContext } from '../../src/lib/server/auth/policy-context.ts';
import { hit } from '../../src/lib/server/rate-limit.ts';
import { rateLimitKeys } from '../../src/lib/server/redis-keys.ts';
import type { Services } from '../../src/lib/server/services.ts';
import type { Session } from '../../src/lib/shared/event-schema.ts';
import { findSession } from '../../src/lib/shared/programme.ts';
import { can, type Action, type Actor } from '../../src/lib/shared/policy.ts';
import type { SocketData } from './authenticate.ts';
import { ClientError } from './dispatch.ts';

/** The policy, for socket events: throws a ClientError that becomes `{ ok: false, error }`. */
export function authorizeSocket(
	socket: Socket,
	services: Pick<Services, 'event'>,
	action: Action,
	sessionId?: string
): { actor: Actor | null; session?: Session } {
	const session = sessionId === undefined ? undefined : findSession(services.event, sessionId);
	if (sessionId !== undefined && !session)
		throw new ClientError('unknown_session', `unknown session "${sessionId}"`);
	const { actor } = socket.data as SocketData;
	if (!can(actor, action, policyContext(services.event, session)))
		throw actor
			? new ClientError('forbidden', 'not allowed')
			: new ClientError('sign_in', 'sign in first');
	return { actor, session };
}

/**
 * The per-person limit on socket writes, shared by every node (Redis): refuses with
 * `rate_limited` (which clients may resend) past `perWindow` writes of one kind per window.
 */
export async function limitPerPerson(
	services: Pick<Services, 'redis'>,
	bucket: string,
	userId: string,
	limits: { perWindow: number; windowSeconds: number }
): Promise<void> {
	const { allowed, retryAfterSeconds } = await hit(
		services.redis,
		rateLimitKeys.perPerson(bucket, userId),
		limits.perWindow,
		limits.windowSeconds
	);
	if (!allowed)
		throw new ClientError('rate_limited', `slow down: try again in ${retryAfterSeconds} s`);
}
