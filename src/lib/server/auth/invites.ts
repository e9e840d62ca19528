import type { Redis } from 'ioredis';
import { z } from 'zod';
import { GrantSchema, type Grant } from '../../shared/policy.ts';
import { hashToken, newId, newToken } from './tokens.ts';

export const InviteSchema = z.object({
	id: z.string(),
	grant: GrantSchema,
	expiresAt: z.number(),
	uses: z.number().int(),
	usesLeft: z.number().int(),
	createdBy: z.string(),
	createdAt: z.number()
});
export type Invite = z.infer<typeof InviteSchema>;

const inviteKey = (id: string) => `invite:${id}`;
const tokenKey = (hash: string) => `invite:token:${hash}`;
const INDEX = 'invite:index';

/*
 * Takes one use of an invite atomically: refuses an expired or used-up invite, so an invite
 * with N uses makes exactly N people its role, however many use it at once.
 * KEYS[1] invite:token:<hash>  ARGV[1] now (ms)  → the invite JSON after the use, or false.
 */
const REDEEM = `
local id = redis.call('GET', KEYS[1])
if not id then return false end
local raw = redis.call('GET', 'invite:' .. id)
if not raw then return false end
local invite = cjson.decode(raw)
if invite.usesLeft <= 0 or invite.expiresAt <= tonumber(ARGV[1]) then return false end
invite.usesLeft = invite.usesLeft - 1
local encoded = cjson.encode(invite)
redis.call('SET', 'invite:' .. id, encoded, 'KEEPTTL')
return encoded
`;

export class InviteStore {
	constructor(private readonly redis: Redis) {}

	async create(
		input: { grant: Grant; hours: number; uses: number; createdBy: string },
		now = Date.now()
	): Promise<{ invite: Invite; token: string }> {
		const token = newToken();
		const invite: Invite = {
			id: newId(),
			grant: input.grant,
			expiresAt: now + input.hours * 3_600_000,
			uses: input.uses,
			usesLeft: input.uses,
			createdBy: input.createdBy,
			createdAt: now
		};
		const ttl = input.hours * 3600;
		await this.redis
			.multi()
			.set(inviteKey(invite.id), JSON.stringify(invite), 'EX', ttl)
			.set(tokenKey(hashToken(token)), invite.id, 'EX', ttl)
			.zadd(INDEX, invite.createdAt, invite.id)
			.exec();
		return { invite, token };
	}

	async peek(token: string, now = Date.now()): Promise<Invite | undefined> {
		const id = await this.redis.get(tokenKey(hashToken(token)));
		const invite = id ? await this.get(id) : undefined;
		return invite && invite.usesLeft > 0 && invite.expiresAt > now ? invite : undefined;
	}

	async redeem(token: string, now = Date.now()): Promise<Invite | undefined> {
		const raw = (await this.redis.eval(REDEEM, 1, tokenKey(hashToken(token)), String(now))) as
			string | null;
		return raw ? InviteSchema.parse(JSON.parse(raw)) : undefined;
	}

	async list(): Promise<Invite[]> {
		const ids = await this.redis.zrevrange(INDEX, 0, 199);
		const invites = await Promise.all(ids.map((id) => this.get(id)));
		const gone = ids.filter((_, i) => !invites[i]);
		if (gone.length > 0) await this.redis.zrem(INDEX, ...gone);
		return invites.filter((i): i is Invite => i !== undefined);
	}

	async revoke(id: string): Promise<void> {
		await this.redis.multi().del(inviteKey(id)).zrem(INDEX, id).exec();
	}

	private async get(id: string): Promise<Invite | undefined> {
		const raw = await this.redis.get(inviteKey(id));
		return raw ? InviteSchema.parse(JSON.parse(raw)) : undefined;
	}
}
