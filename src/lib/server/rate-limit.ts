import type { Redis } from 'ioredis';

export interface LimitResult {
	allowed: boolean;
	/** How long until the window resets, when refused. */
	retryAfterSeconds: number;
}

/**
 * Fixed-window limit: at most `max` hits per `windowSeconds` for one counter (a key from
 * `rateLimitKeys`, redis-keys.ts). INCR and EXPIRE run in one transaction, so concurrent hits
 * cannot slip past the count.
 */
export async function hit(
	redis: Redis,
	key: string,
	max: number,
	windowSeconds: number
): Promise<LimitResult> {
	const result = await redis.multi().incr(key).expire(key, windowSeconds, 'NX').ttl(key).exec();
	const count = Number(result?.[0]?.[1] ?? 0);
	const ttl = Number(result?.[2]?.[1] ?? windowSeconds);
	return { allowed: count <= max, retryAfterSeconds: Math.max(1, ttl) };
}
