import type { Redis } from 'ioredis';
import { InviteStore } from './invites.ts';
import { MagicLinks } from './magic-links.ts';
import { PersonalFeeds } from './personal-feed.ts';
import { SessionStore } from './sessions.ts';
import { UserStore } from './users.ts';

export interface AuthServices {
	users: UserStore;
	sessions: SessionStore;
	links: MagicLinks;
	invites: InviteStore;
	/** Each person's own calendar feed address. */
	feeds: PersonalFeeds;
}

export function createAuthServices(redis: Redis): AuthServices {
	return {
		users: new UserStore(redis),
		sessions: new SessionStore(redis),
		links: new MagicLinks(redis),
		invites: new InviteStore(redis),
		feeds: new PersonalFeeds(redis)
	};
}
