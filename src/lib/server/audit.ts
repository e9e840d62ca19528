import type { Redis } from 'ioredis';
import { z } from 'zod';
import { auditKeys } from './redis-keys.ts';

export const auditActions = [
	'programme.save',
	'invite.create',
	'invite.revoke',
	'invite.redeem',
	'role.revoke'
] as const;

export const AuditEntrySchema = z.object({
	/** The stream id: when, and the order. */
	id: z.string(),
	at: z.coerce.number(),
	action: z.enum(auditActions),
	/** Who did it: a user id and the name they had then. */
	actorId: z.string(),
	actorName: z.string(),
	/** What it was done to, in words an organiser reads ("session toolkit-energietransitie"). */
	target: z.string(),
	/** What changed, in short. */
	detail: z.string()
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

const KEEP = 10_000;

/** Who changed what and when: every programme and role change, newest first when read. */
export class AuditLog {
	readonly #redis: Redis;

	constructor(redis: Redis) {
		this.#redis = redis;
	}

	async record(entry: Omit<AuditEntry, 'id'>): Promise<void> {
		await this.#redis.xadd(
			auditKeys.log,
			'MAXLEN',
			'~',
			KEEP,
			'*',
			...Object.entries(entry).flatMap(([k, v]) => [k, String(v).slice(0, 2000)])
		);
	}

	async latest(count = 200): Promise<AuditEntry[]> {
		const entries = await this.#redis.xrevrange(auditKeys.log, '+', '-', 'COUNT', count);
		return entries.flatMap(([id, fields]) => {
			const record: Record<string, string> = { id };
			for (let i = 0; i < fields.length; i += 2) record[fields[i]] = fields[i + 1];
			const parsed = AuditEntrySchema.safeParse(record);
			return parsed.success ? [parsed.data] : [];
		});
	}
}
