import type { Redis } from 'ioredis';
import { hashToken, newToken } from '../auth/tokens.ts';

/**
 * Each person's own calendar feed sits behind an unguessable token in its URL (calendar apps
 * cannot sign in). Revoking it makes the old URL answer 404; the next request makes a new one.
 */
export class PersonalFeeds {
	constructor(private readonly redis: Redis) {}

	async tokenFor(userId: string): Promise<string> {
		const existing = await this.redis.get(`calendar:feed-of:${userId}`);
		if (existing) return existing;
		const token = newToken();
		await this.redis
			.multi()
			.set(`calendar:feed-of:${userId}`, token)
			.set(`calendar:feed:${hashToken(token)}`, userId)
			.exec();
		return token;
	}

	async owner(token: string): Promise<string | undefined> {
		if (token.length > 100) return undefined;
		return (await this.redis.get(`calendar:feed:${hashToken(token)}`)) ?? undefined;
	}

	async revoke(userId: string): Promise<void> {
		const token = await this.redis.get(`calendar:feed-of:${userId}`);
		const tx = this.redis.multi().del(`calendar:feed-of:${userId}`);
		if (token) tx.del(`calendar:feed:${hashToken(token)}`);
		await tx.exec();
	}
}
