import type { Redis } from 'ioredis';
import { RecordingSchema, type Recording } from '../../shared/recordings/schema.ts';

/*
 * One recording per programme session, stored as JSON under `recording:{session}`; the set
 * `recordings` lists the sessions that have one, and `recording:egress:{id}` maps an egress back
 * to its session for webhooks.
 */
const KEY = (session: string) => `recording:{${session}}`;
const SESSIONS = 'recordings';
const EGRESS = (egressId: string) => `recording:egress:${egressId}`;

export class RecordingStore {
	constructor(private readonly redis: Redis) {}

	async get(session: string): Promise<Recording | undefined> {
		const raw = await this.redis.get(KEY(session));
		if (!raw) return undefined;
		const parsed = RecordingSchema.safeParse(JSON.parse(raw));
		return parsed.success ? parsed.data : undefined;
	}

	async all(): Promise<Recording[]> {
		const sessions = await this.redis.smembers(SESSIONS);
		const found = await Promise.all(sessions.map((s) => this.get(s)));
		return found.filter((r): r is Recording => r !== undefined);
	}

	async put(recording: Recording): Promise<Recording> {
		const valid = RecordingSchema.parse(recording);
		await this.redis
			.multi()
			.set(KEY(valid.session), JSON.stringify(valid))
			.sadd(SESSIONS, valid.session)
			.exec();
		if (valid.egressId) await this.redis.set(EGRESS(valid.egressId), valid.session);
		return valid;
	}

	async remove(session: string): Promise<void> {
		await this.redis.multi().del(KEY(session)).srem(SESSIONS, session).exec();
	}

	async sessionOfEgress(egressId: string): Promise<string | undefined> {
		return (await this.redis.get(EGRESS(egressId))) ?? undefined;
	}
}
