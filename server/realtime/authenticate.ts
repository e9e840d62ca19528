import type { IncomingMessage } from 'node:http';
import type { Socket } from 'socket.io';
import { SESSION_COOKIE } from '../../src/lib/server/auth/sessions.ts';
import { toActor } from '../../src/lib/server/auth/users.ts';
import type { Services } from '../../src/lib/server/services.ts';
import type { Actor } from '../../src/lib/shared/policy.ts';
import { log } from '../../src/lib/server/log.ts';

export interface SocketData {
	actor: Actor | null;
	/** The sign-in session the socket belongs to, so signing out can close it. */
	authSessionId?: string;
}

export const authSessionRoom = (id: string) => `auth-session:${id}`;

const UNAVAILABLE = 'authentication unavailable, please retry';

export function readCookie(header: string | undefined, name: string): string | undefined {
	for (const part of (header ?? '').split(';')) {
		const [key, ...rest] = part.trim().split('=');
		if (key === name) return decodeURIComponent(rest.join('='));
	}
	return undefined;
}

/**
 * Cross-site WebSocket hijacking guard: a browser always sends Origin on a WebSocket handshake,
 * and it must be this site's configured origin. Clients without Origin (load generators, tests)
 * carry no browser cookie to abuse.
 */
export function originAllowed(request: IncomingMessage, siteOrigin: string): boolean {
	const origin = request.headers.origin;
	return !origin || origin === siteOrigin;
}

/** Socket.IO middleware: resolves the sign-in cookie of the handshake into socket.data.actor. */
export function authenticate(services: Pick<Services, 'auth' | 'redis'>) {
	return async (socket: Socket, next: (error?: Error) => void) => {
		const data = socket.data as SocketData;
		data.actor = null;
		// Like the pages' 503: refuse at once rather than hold the handshake while Redis is away;
		// the client tries again (src/lib/client/realtime.svelte.ts).
		if (services.redis.status !== 'ready') {
			next(new Error(UNAVAILABLE));
			return;
		}
		try {
			const token = readCookie(socket.handshake.headers.cookie, SESSION_COOKIE);
			const session = await services.auth.sessions.resolve(token);
			const user = session ? await services.auth.users.get(session.userId) : undefined;
			if (session && user) {
				data.actor = toActor(user);
				data.authSessionId = session.id;
				await socket.join(authSessionRoom(session.id));
			}
			next();
		} catch (error) {
			log('realtime').error({ err: error }, 'authentication failed');
			next(new Error(UNAVAILABLE));
		}
	};
}
