import type { Redis } from 'ioredis';
import { z } from 'zod';
import { recordingKeys } from '../redis-keys.ts';
import { defineScript, type Script } from '../redis-script.ts';

/*
 * The built-in recorder's work, shared by every app node through Redis: one job per recorded
 * session (what is wanted: record, or stop and compose) and one lease per job (which node runs
 * its recorder process now). A node that holds the lease renews it while its recorder runs; when
 * the node or the process dies the lease runs out and any node takes the job over, recording a
 * new segment beside the ones before.
 */

export const RecorderJobSchema = z
	.object({
		session: z.string(),
		/** One run of recording (start to stop); names its working folder. */
		runId: z.string().regex(/^[a-z0-9-]{1,64}$/),
		state: z.enum(['recording', 'stopping']),
		/** Programme-clock ms when the moderator or the programme asked for it. */
		wantedAt: z.coerce.number().int(),
		/** Segments started so far (a crash or a takeover starts the next one). */
		segments: z.coerce.number().int().min(0)
	})
	.strict();
export type RecorderJob = z.infer<typeof RecorderJobSchema>;

/** How long a lease lasts without renewal: a dead node's job moves on after this. */
export const LEASE_MS = 10_000;

const ZERO_ONE = z.union([z.literal(0), z.literal(1)]);

/** Lua: the job (a hash) exists and is still this run (ARGV[1]). */
const SAME_RUN = `if redis.call('HGET', KEYS[1], 'runId') ~= ARGV[1] then return -1 end`;

export class RecorderJobs {
	readonly #redis: Redis;
	readonly #create: Script<0 | 1>;
	readonly #stop: Script<0 | 1>;
	readonly #nextSegment: Script<number>;
	readonly #renew: Script<0 | 1>;
	readonly #release: Script<0 | 1>;

	constructor(redis: Redis) {
		this.#redis = redis;
		this.#create = defineScript(redis, 'recorderJobCreate', {
			keys: 2,
			lua: `if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'session', ARGV[1], 'runId', ARGV[2], 'state', 'recording', 'wantedAt', ARGV[3], 'segments', 0)
redis.call('SADD', KEYS[2], ARGV[1])
return 1`,
			reply: ZERO_ONE
		});
		this.#stop = defineScript(redis, 'recorderJobStop', {
			keys: 1,
			lua: `${SAME_RUN}
redis.call('HSET', KEYS[1], 'state', 'stopping')
return 1`,
			reply: z.union([ZERO_ONE, z.literal(-1)]).transform((n) => (n === 1 ? 1 : 0))
		});
		this.#nextSegment = defineScript(redis, 'recorderJobNextSegment', {
			keys: 1,
			lua: `${SAME_RUN}
return redis.call('HINCRBY', KEYS[1], 'segments', 1)`,
			reply: z.number().int()
		});
		this.#renew = defineScript(redis, 'recorderLeaseRenew', {
			keys: 1,
			lua: `if redis.call('GET', KEYS[1]) == ARGV[1] then
	return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0`,
			reply: ZERO_ONE
		});
		this.#release = defineScript(redis, 'recorderLeaseRelease', {
			keys: 1,
			lua: `if redis.call('GET', KEYS[1]) == ARGV[1] then
	return redis.call('DEL', KEYS[1])
end
return 0`,
			reply: ZERO_ONE
		});
	}

	/** Creates a job for a new run; false when the session already has one. */
	async create(session: string, runId: string, wantedAt: number): Promise<boolean> {
		RecorderJobSchema.parse({ session, runId, state: 'recording', wantedAt, segments: 0 });
		const created = await this.#create(
			[recordingKeys.job(session), recordingKeys.jobs],
			[session, runId, wantedAt]
		);
		return created === 1;
	}

	async get(session: string): Promise<RecorderJob | undefined> {
		const raw = await this.#redis.hgetall(recordingKeys.job(session));
		const parsed = RecorderJobSchema.safeParse(raw);
		return parsed.success ? parsed.data : undefined;
	}

	async all(): Promise<RecorderJob[]> {
		const sessions = await this.#redis.smembers(recordingKeys.jobs);
		const jobs = await Promise.all(sessions.map((s) => this.get(s)));
		return jobs.filter((j): j is RecorderJob => j !== undefined);
	}

	/** Asks the run to stop; false when that run is over already. */
	async stop(session: string, runId: string): Promise<boolean> {
		return (await this.#stop([recordingKeys.job(session)], [runId])) === 1;
	}

	/** Counts a new segment of the run and answers its number (1, 2, …), or undefined when over. */
	async nextSegment(session: string, runId: string): Promise<number | undefined> {
		const n = await this.#nextSegment([recordingKeys.job(session)], [runId]);
		return n > 0 ? n : undefined;
	}

	/** The job is done (composed or failed): it and its lease go. */
	async finish(session: string, runId: string): Promise<void> {
		const current = await this.get(session);
		if (current && current.runId !== runId) return;
		await this.#redis
			.multi()
			.del(recordingKeys.job(session), recordingKeys.lease(session))
			.srem(recordingKeys.jobs, session)
			.exec();
	}

	/** Takes the lease of a session's job for this node; false when another node holds it. */
	async claim(session: string, node: string): Promise<boolean> {
		const set = await this.#redis.set(recordingKeys.lease(session), node, 'PX', LEASE_MS, 'NX');
		return set === 'OK';
	}

	/** Keeps this node's lease; false when it was lost (it ran out and another node took it). */
	async renew(session: string, node: string): Promise<boolean> {
		return (await this.#renew([recordingKeys.lease(session)], [node, LEASE_MS])) === 1;
	}

	async release(session: string, node: string): Promise<void> {
		await this.#release([recordingKeys.lease(session)], [node]);
	}

	async holder(session: string): Promise<string | undefined> {
		return (await this.#redis.get(recordingKeys.lease(session))) ?? undefined;
	}
}
