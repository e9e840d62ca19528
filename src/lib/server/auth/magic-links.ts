import type { Redis } from 'ioredis';
import { z } from 'zod';
import { LocaleSchema } from '../../shared/event-schema.ts';
import { authKeys } from '../redis-keys.ts';
import { hashToken, newToken } from './tokens.ts';

/** What a sign-in link stands for; the account is only created when the link is used. */
export const LinkPayloadSchema = z.object({
	email: z.string(),
	name: z.string().optional(),
	organisation: z.string().optional(),
	locale: LocaleSchema.optional(),
	invite: z.string().optional(),
	next: z.string().optional()
});
export type LinkPayload = z.infer<typeof LinkPayloadSchema>;

export const LINK_TTL_SECONDS = 15 * 60;
export class MagicLinks {
	readonly #redis: Redis;

	constructor(redis: Redis) {
		this.#redis = redis;
	}

	async issue(payload: LinkPayload): Promise<string> {
		const token = newToken();
		await this.#redis.set(
			authKeys.link(hashToken(token)),
			JSON.stringify(payload),
			'EX',
			LINK_TTL_SECONDS
		);
		return token;
	}

	/** Looks without using the link up (the confirmation page). */
	async peek(token: string): Promise<LinkPayload | undefined> {
		return this.#parse(await this.#redis.get(authKeys.link(hashToken(token))));
	}

	/** Uses the link up: GETDEL is atomic, so a link signs in exactly once. */
	async consume(token: string): Promise<LinkPayload | undefined> {
		return this.#parse(await this.#redis.getdel(authKeys.link(hashToken(token))));
	}

	#parse(raw: string | null): LinkPayload | undefined {
		if (!raw) return undefined;
		const parsed = LinkPayloadSchema.safeParse(JSON.parse(raw));
		return parsed.success ? parsed.data : undefined;
	}
}
