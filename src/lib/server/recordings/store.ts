import type { Redis } from 'ioredis';
import { RecordingSchema, type Recording } from '../../shared/recordings/schema.ts';
import { recordingKeys } from '../redis-keys.ts';

/*
 * One recording per programme session, stored as JSON; a set lists the sessions that have one,
 * and each egress maps back to its session for webhooks (recordingKeys in redis-keys.ts).
 */
export class RecordingStore {
	readonly #redis: Redis;

	constructor(redis: Redis) {
		this.#redis = redis;
	}

	async get(session: string): Promise<Recording | undefined> {
		const raw = await this.#redis.get(recordingKeys.recording(session));
		if (!raw) return undefined;
		const parsed = RecordingSchema.safeParse(JSON.parse(raw));
		return parsed.success ? parsed.data : undefined;
	}

	async all(): Promise<Recording[]> {
		const sessions = await this.#redis.smembers(recordingKeys.sessions);
		const found = await Promise.all(sessions.map((s) => this.get(s)));
		return found.filter((r): r is Recording => r !== undefined);
	}

	async put(recording: Recording): Promise<Recording> {
		const valid = RecordingSchema.parse(recording);
		await this.#redis
			.multi()
			.set(recordingKeys.recording(valid.session), JSON.stringify(valid))
			.sadd(recordingKeys.sessions, valid.session)
			.exec();
		if (valid.egressId) await this.#redis.set(recordingKeys.egress(valid.egressId), valid.session);
		return valid;
	}

	async remove(session: string): Promise<void> {
		await this.#redis
			.multi()
			.del(recordingKeys.recording(session))
			.srem(recordingKeys.sessions, session)
			.exec();
	}

	async sessionOfEgress(egressId: string): Promise<string | undefined> {
		return (await this.#redis.get(recordingKeys.egress(egressId))) ?? undefined;
	}
}
