import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { Config } from '../src/lib/server/config.ts';
import { startRedisServer } from './children/redis-server.ts';
import { readLiveRuntime } from './runtime-file.ts';

/**
 * Runs a command-line task against the app's Redis: REDIS_URL, the running app's child, or (no
 * app running) a child of our own on the same data folder, stopped afterwards.
 */
export async function withAppRedis<T>(
	config: Pick<Config, 'REDIS_URL' | 'REDIS_SERVER_BIN' | 'dataDir'>,
	run: (redis: Redis) => Promise<T>
): Promise<T> {
	const liveUrl = config.REDIS_URL ? undefined : (await readLiveRuntime(config.dataDir))?.redisUrl;
	const own =
		config.REDIS_URL || liveUrl
			? undefined
			: await startRedisServer({
					bin: config.REDIS_SERVER_BIN,
					dir: join(config.dataDir, 'redis')
				});
	const redis = new Redis(config.REDIS_URL ?? liveUrl ?? own!.url);
	try {
		return await run(redis);
	} finally {
		await redis.quit();
		await own?.child.stop();
	}
}
