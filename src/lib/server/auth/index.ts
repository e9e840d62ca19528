import type { Redis } from 'ioredis';
import { InviteStore } from './invites.ts';
import { MagicLinks } from './magic-links.ts';
import { SessionStore } from './sessions.ts';
import { UserStore } from './users.ts';

export interface AuthServices {
	users: UserStore;
	sessions: SessionStore;
	links: MagicLinks;
	invites: InviteStore;
}

export function createAuthServices(redis: Redis): AuthServices {
	return {
		users: new UserStore(redis),
		sessions: new SessionStore(redis),
		links: new MagicLinks(redis),
		invites: new InviteStore(redis)
	};
}
