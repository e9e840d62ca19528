import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { startRedisServer } from '../../server/children/redis-server.ts';
import { z } from 'zod';
import { chatKeys } from '../../src/lib/server/redis-keys.ts';
import { defineScript, ScriptReplyError } from '../../src/lib/server/redis-script.ts';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('the local redis-server child', () => {
	it('keeps every acknowledged write across a kill -9 (append-only file, fsync always)', async () => {
		const dir = await mkdtemp(join(tmpdir(), 'plenair-redis-'));
		dirs.push(dir);

		const first = await startRedisServer({ bin: 'redis-server', dir });
		const writer = new Redis(first.url);
		const stream = chatKeys.room('test').stream;
		for (let i = 0; i < 100; i++) await writer.xadd(stream, '*', 'n', String(i));
		writer.disconnect();
		first.child.signal('SIGKILL');
		await first.child.exited;

		const second = await startRedisServer({ bin: 'redis-server', dir });
		const reader = new Redis(second.url);
		expect(await reader.xlen(stream)).toBe(100);
		expect(await reader.config('GET', 'appendfsync')).toEqual(['appendfsync', 'always']);
		reader.disconnect();
		await second.child.stop();
	});

	it('runs a script by its hash, sends the text again to a Redis that forgot it, and checks replies', async () => {
		const dir = await mkdtemp(join(tmpdir(), 'plenair-redis-'));
		dirs.push(dir);
		const server = await startRedisServer({ bin: 'redis-server', dir });
		const redis = new Redis(server.url);
		const lua = "return redis.call('INCR', KEYS[1]) + tonumber(ARGV[1])";
		const sha = createHash('sha1').update(lua).digest('hex');
		const add = defineScript(redis, 'testAdd', { lua, keys: 1, reply: z.number().int() });
		expect(await add(['n'], [10])).toBe(11);
		expect(await redis.script('EXISTS', sha)).toEqual([1]);
		await redis.script('FLUSH');
		expect(await add(['n'], [10])).toBe(12);
		// Defined once per connection: the same script again is the same command, other Lua is refused.
		expect(
			await defineScript(redis, 'testAdd', { lua, keys: 1, reply: z.number() })(['n'], [0])
		).toBe(3);
		expect(() =>
			defineScript(redis, 'testAdd', { lua: 'return 1', keys: 0, reply: z.number() })
		).toThrow(/already defined/);
		// A reply the schema refuses is an error that names the script, never a wrong value.
		const wrong = defineScript(redis, 'testWrong', { lua, keys: 1, reply: z.string() });
		const refused = await wrong(['n'], [0]).catch((error: unknown) => error);
		expect(refused).toBeInstanceOf(ScriptReplyError);
		expect(String(refused)).toMatch(/"testWrong" answered 4, which its reply schema refuses/);
		await expect(add(['n', 'm'], [0])).rejects.toThrow(/takes 1 keys/);
		redis.disconnect();
		await server.child.stop();
	});
});
