import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { startRedisServer } from '../../server/children/redis-server.ts';
import { RedisScript } from '../../src/lib/server/redis-script.ts';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('the local redis-server child', () => {
	it('keeps every acknowledged write across a kill -9 (append-only file, fsync always)', async () => {
		const dir = await mkdtemp(join(tmpdir(), 'plenair-redis-'));
		dirs.push(dir);

		const first = await startRedisServer({ bin: 'redis-server', dir });
		const writer = new Redis(first.url);
		for (let i = 0; i < 100; i++) await writer.xadd('chat:{test}', '*', 'n', String(i));
		writer.disconnect();
		first.child.signal('SIGKILL');
		await first.child.exited;

		const second = await startRedisServer({ bin: 'redis-server', dir });
		const reader = new Redis(second.url);
		expect(await reader.xlen('chat:{test}')).toBe(100);
		expect(await reader.config('GET', 'appendfsync')).toEqual(['appendfsync', 'always']);
		reader.disconnect();
		await second.child.stop();
	});

	it('runs a script by its hash, and sends the text again to a Redis that forgot it', async () => {
		const dir = await mkdtemp(join(tmpdir(), 'plenair-redis-'));
		dirs.push(dir);
		const server = await startRedisServer({ bin: 'redis-server', dir });
		const redis = new Redis(server.url);
		const script = new RedisScript("return redis.call('INCR', KEYS[1]) + tonumber(ARGV[1])");
		expect(await script.run(redis, ['n'], [10])).toBe(11);
		expect(await redis.script('EXISTS', script.sha)).toEqual([1]);
		await redis.script('FLUSH');
		expect(await script.run(redis, ['n'], [10])).toBe(12);
		redis.disconnect();
		await server.child.stop();
	});
});
