import fc from 'fast-check';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientEvents } from '../../src/lib/shared/realtime/protocol.ts';
import { cliInvite } from '../support/admin-cli.ts';
import { startAppWithRedis, stopAppWithRedis, type AppProcess } from '../support/app-process.ts';
import { registerAndSignIn } from '../support/http.ts';
import { TestClient } from '../support/realtime-client.ts';

/** Cases per run; CI runs all of them (10,000 in total). */
const SOCKET_RUNS = Number(process.env.PLENAIR_FUZZ_SOCKET_RUNS ?? 9000);
const HTTP_RUNS = Number(process.env.PLENAIR_FUZZ_HTTP_RUNS ?? 1000);

let app: AppProcess;
let redis: Redis;
/** A signed-in admin: every form is also tried by someone allowed to use it. */
let admin: string;

beforeAll(async () => {
	({ app, redis } = await startAppWithRedis({
		NODE_ENV: 'test',
		PLENAIR_NOW: '2022-01-17T17:20:00+01:00'
	}));
	admin = await registerAndSignIn(app, 'fuzz-admin@example.org', {
		invite: await cliInvite(app, 'admin')
	});
});
afterAll(() => stopAppWithRedis(app, redis));

/**
 * A fingerprint of everything in Redis except what the server writes by itself as time passes:
 * rate-limit counters, the conductor's transition marks, the recordings it starts and each app
 * node's connection count.
 */
async function snapshot(): Promise<string> {
	const keys = (await redis.keys('*'))
		.filter((k) => !/^(ratelimit:|transition:|recording|app-nodes:)/.test(k))
		.sort();
	const sizes = await Promise.all(
		keys.map(async (k) => {
			const type = await redis.type(k);
			const size =
				type === 'string'
					? await redis.strlen(k)
					: type === 'hash'
						? await redis.hlen(k)
						: type === 'set'
							? await redis.scard(k)
							: type === 'zset'
								? await redis.zcard(k)
								: type === 'list'
									? await redis.llen(k)
									: type === 'stream'
										? await redis.xlen(k)
										: 0;
			return `${k}:${type}:${size}`;
		})
	);
	return sizes.join('\n');
}

const deep = fc.letrec((tie) => ({
	node: fc.oneof(
		{ depthSize: 'small' },
		fc.constant(null),
		fc.array(tie('node'), { maxLength: 3 }),
		fc.dictionary(fc.string(), tie('node'), { maxKeys: 3 })
	)
})).node;

const hostile = fc.oneof(
	fc.anything(),
	deep,
	// Oversized for every field, yet under the transport's 64 KiB frame limit (tested below).
	fc.string({ minLength: 20_000, maxLength: 20_010 }),
	fc.constantFrom(
		undefined,
		null,
		0,
		-1,
		NaN,
		Infinity,
		'',
		'__proto__',
		{ __proto__: { ok: true } },
		{ constructor: { prototype: {} } }
	),
	fc.record(
		{
			room: fc.oneof(fc.string(), fc.integer()),
			id: fc.string(),
			text: fc.string(),
			session: fc.string()
		},
		{ requiredKeys: [] }
	)
);

/**
 * fast-check stops a property at its time limit; `markInterruptAsFailure` makes that a failure
 * instead of a pass, and the count proves every stated case ran.
 */
async function assertEveryCase<Ts extends [unknown, ...unknown[]]>(
	arbitraries: { [K in keyof Ts]: fc.Arbitrary<Ts[K]> },
	predicate: (...args: Ts) => Promise<boolean>,
	runs: number,
	timeLimitMs: number
): Promise<void> {
	let ran = 0;
	await fc.assert(
		fc.asyncProperty<Ts>(...arbitraries, async (...args: Ts) => {
			ran++;
			return predicate(...args);
		}),
		{ numRuns: runs, interruptAfterTimeLimit: timeLimitMs, markInterruptAsFailure: true }
	);
	expect(ran, 'cases that ran').toBeGreaterThanOrEqual(runs);
}

describe('hostile input', () => {
	it(`answers every malformed socket event with an error and changes nothing (${SOCKET_RUNS} cases)`, async () => {
		const client = new TestClient(app.url);
		await client.connected();
		const before = await snapshot();
		const events = [...Object.keys(clientEvents), 'no-such-event', '__proto__', 'constructor'];
		await assertEveryCase(
			[fc.constantFrom(...events), hostile],
			async (event, payload) => {
				const answer = await client.raw(event, payload);
				if (!Object.hasOwn(clientEvents, event))
					return (
						(answer as { ok?: unknown; error?: unknown }).ok === false &&
						String((answer as { error?: unknown }).error).startsWith('unknown event')
					);
				// A valid payload from an anonymous visitor may read (clock, lists); nothing else is ok.
				return (
					typeof answer === 'object' &&
					answer !== null &&
					typeof (answer as { ok: unknown }).ok === 'boolean'
				);
			},
			SOCKET_RUNS,
			240_000
		);
		expect(client.socket.connected || (await client.connected().then(() => true))).toBe(true);
		expect(await snapshot()).toBe(before);
		expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
		client.close();
	}, 300_000);

	it('closes a socket that sends a frame over the limit, and keeps serving others', async () => {
		const client = new TestClient(app.url, undefined, { reconnection: false });
		await client.connected();
		const closed = new Promise<string>((resolve) => client.socket.once('disconnect', resolve));
		client.socket.emit('chat:send', { text: 'x'.repeat(70_000) });
		expect(await closed).toBe('transport close');
		const other = new TestClient(app.url);
		await other.connected();
		expect(await other.request('clock:sync', { clientSentAt: 1 })).toMatchObject({ ok: true });
		other.close();
	});

	/**
	 * Every form action (+page.server.ts) and every POST/PUT/DELETE handler (+server.ts) of
	 * src/routes, plus a few reads with hostile paths. `anonymousOnly`: an action that changes
	 * state whatever the body says (sign out, delete the account, a new feed link, start or drop a
	 * recording), so it is tried without a session only.
	 */
	const endpoints: readonly (
		readonly [string, string] | readonly [string, string, 'anonymousOnly']
	)[] = [
		['POST', '/register'],
		['POST', '/signin'],
		['POST', '/guest'],
		['POST', '/auth/link'],
		['POST', '/language'],
		['POST', '/?/choose'],
		['POST', '/?/leave'],
		['POST', '/admin?/invite'],
		['POST', '/admin?/revoke'],
		['POST', '/profile?/save'],
		['POST', '/profile?/newFeed', 'anonymousOnly'],
		['POST', '/profile?/delete', 'anonymousOnly'],
		['POST', '/dossier/tip'],
		['POST', '/dossier/review?/approve'],
		['POST', '/dossier/review?/reject'],
		['POST', '/dossier/review?/merge'],
		['POST', '/dossier/review?/theme'],
		['POST', '/api/sessions/toekomst-wooncooperatie/token'],
		['POST', '/api/sessions/plenaire-opening/recording/start', 'anonymousOnly'],
		['POST', '/api/sessions/plenaire-opening/recording/stop', 'anonymousOnly'],
		['POST', '/api/sessions/plenaire-opening/recording/upload'],
		['POST', '/api/sessions/plenaire-opening/recording/link'],
		['POST', '/api/sessions/plenaire-opening/recording/captions'],
		['POST', '/api/sessions/plenaire-opening/recording/chapters'],
		['DELETE', '/api/sessions/plenaire-opening/recording', 'anonymousOnly'],
		['POST', '/api/livekit/webhook'],
		['POST', '/api/test/clock'],
		['POST', '/signout', 'anonymousOnly'],
		['GET', '/sessions/%E0%A4%A'],
		['GET', '/schedule.json']
	];
	const requests = endpoints.flatMap(([method, path, only]) => [
		{ method, path, cookie: undefined as string | undefined },
		...(only ? [] : [{ method, path, cookie: 'admin' }])
	]);

	it(`answers every malformed request with a 4xx and changes nothing (${HTTP_RUNS} cases)`, async () => {
		const before = await snapshot();
		const body = fc.oneof(
			fc.string({ maxLength: 2000 }),
			fc.uint8Array({ maxLength: 2000 }).map((b) => Buffer.from(b).toString('latin1')),
			fc.json(),
			fc.constant('x'.repeat(600_000))
		);
		const type = fc.constantFrom(
			'application/json',
			'application/octet-stream',
			'text/xml',
			'application/webhook+json',
			'application/x-www-form-urlencoded',
			'multipart/form-data; boundary=x'
		);
		await assertEveryCase(
			[fc.constantFrom(...requests), body, type],
			async ({ method, path, cookie }, payload, contentType) => {
				const res = await fetch(`${app.url}${path}`, {
					method,
					headers: {
						'content-type': contentType,
						origin: app.url,
						...(cookie ? { cookie: admin } : {})
					},
					body: method === 'GET' ? undefined : payload,
					redirect: 'manual'
				});
				await res.arrayBuffer();
				return res.status < 500;
			},
			HTTP_RUNS,
			120_000
		);
		expect(await snapshot()).toBe(before);
	}, 200_000);
});
