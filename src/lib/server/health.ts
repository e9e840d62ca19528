import type { Services } from './services.ts';

export type CheckResult = { ok: true } | { ok: false; reason: string };

export interface Readiness {
	ready: boolean;
	checks: { redis: CheckResult; livekit: CheckResult };
}

const TIMEOUT_MS = 2000;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
	return Promise.race([
		promise,
		new Promise<never>((_, reject) =>
			setTimeout(
				() => reject(new Error(`${what} did not answer within ${TIMEOUT_MS} ms`)),
				TIMEOUT_MS
			)
		)
	]);
}

async function check(run: () => Promise<unknown>, what: string): Promise<CheckResult> {
	try {
		await withTimeout(run(), what);
		return { ok: true };
	} catch (error) {
		return { ok: false, reason: (error as Error).message };
	}
}

/** Redis answers PING and livekit-server answers a room listing. */
export async function readiness(services: Pick<Services, 'redis' | 'livekit'>): Promise<Readiness> {
	const [redis, livekit] = await Promise.all([
		check(async () => {
			if (services.redis.status !== 'ready') throw new Error(`Redis is ${services.redis.status}`);
			await services.redis.ping();
		}, 'Redis'),
		check(() => services.livekit.rooms.listRooms(), 'LiveKit')
	]);
	return { ready: redis.ok && livekit.ok, checks: { redis, livekit } };
}
