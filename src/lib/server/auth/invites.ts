import type { Redis } from 'ioredis';
import { z } from 'zod';
import { GrantSchema, type Grant } from '../../shared/policy.ts';
import { authKeys } from '../redis-keys.ts';
import { defineScript } from '../redis-script.ts';
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

/*
 * Takes one use of an invite atomically: refuses an expired or used-up invite, so an invite
 * with N uses makes exactly N people its role, however many use it at once.
 * KEYS[1] the token's key  ARGV: now (ms), the prefix of invite keys → the invite JSON after the
 * use, or false (nil).
 */
const REDEEM = {
	keys: 1,
	reply: z.string().nullable(),
	lua: `
local id = redis.call('GET', KEYS[1])
if not id then return false end
local key = ARGV[2] .. id
local raw = redis.call('GET', key)
if not raw then return false end
local invite = cjson.decode(raw)
if invite.usesLeft <= 0 or invite.expiresAt <= tonumber(ARGV[1]) then return false end
invite.usesLeft = invite.usesLeft - 1
local encoded = cjson.encode(invite)
redis.call('SET', key, encoded, 'KEEPTTL')
return encoded
`
};

export class InviteStore {
	readonly #redis: Redis;
	readonly #redeem;

	constructor(redis: Redis) {
		this.#redis = redis;
		this.#redeem = defineScript(redis, 'inviteRedeem', REDEEM);
	}

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
		await this.#redis
			.multi()
			.set(authKeys.invite(invite.id), JSON.stringify(invite), 'EX', ttl)
			.set(authKeys.inviteToken(hashToken(token)), invite.id, 'EX', ttl)
			.zadd(authKeys.invites, invite.createdAt, invite.id)
			.exec();
		return { invite, token };
	}

	async peek(token: string, now = Date.now()): Promise<Invite | undefined> {
		const id = await this.#redis.get(authKeys.inviteToken(hashToken(token)));
		const invite = id ? await this.#get(id) : undefined;
		return invite && invite.usesLeft > 0 && invite.expiresAt > now ? invite : undefined;
	}

	async redeem(token: string, now = Date.now()): Promise<Invite | undefined> {
		const raw = await this.#redeem(
			[authKeys.inviteToken(hashToken(token))],
			[now, authKeys.invite('')]
		);
		return raw ? InviteSchema.parse(JSON.parse(raw)) : undefined;
	}

	async list(): Promise<Invite[]> {
		const ids = await this.#redis.zrevrange(authKeys.invites, 0, 199);
		const invites = await Promise.all(ids.map((id) => this.#get(id)));
		const gone = ids.filter((_, i) => !invites[i]);
		if (gone.length > 0) await this.#redis.zrem(authKeys.invites, ...gone);
		return invites.filter((i): i is Invite => i !== undefined);
	}

	async revoke(id: string): Promise<void> {
		await this.#redis.multi().del(authKeys.invite(id)).zrem(authKeys.invites, id).exec();
	}

	async #get(id: string): Promise<Invite | undefined> {
		const raw = await this.#redis.get(authKeys.invite(id));
		return raw ? InviteSchema.parse(JSON.parse(raw)) : undefined;
	}
}
