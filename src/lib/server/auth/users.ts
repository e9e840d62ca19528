import type { Redis } from 'ioredis';
import { z } from 'zod';
import { LocaleSchema, type Locale } from '../../shared/event-schema.ts';
import { GrantSchema, type Actor, type Grant } from '../../shared/policy.ts';
import { authKeys } from '../redis-keys.ts';
import { newId } from './tokens.ts';

export const UserSchema = z.object({
	id: z.string(),
	name: z.string(),
	email: z.string().optional(),
	organisation: z.string().optional(),
	/** A few lines about the person, shown beside the sessions they speak in. */
	bio: z.string().optional(),
	locale: LocaleSchema.optional(),
	guest: z.boolean(),
	grants: z.array(GrantSchema),
	createdAt: z.number()
});
export type User = z.infer<typeof UserSchema>;

/** Initials for an avatar: "Anna de Vries" → "AV". */
export function initials(name: string): string {
	const words = name.trim().split(/\s+/).filter(Boolean);
	const first = words[0]?.[0] ?? '?';
	const last = words.length > 1 ? (words.at(-1)?.[0] ?? '') : '';
	return (first + last).toUpperCase();
}

export function toActor(user: User): Actor {
	return { id: user.id, name: user.name, guest: user.guest, grants: user.grants };
}

export class UserStore {
	readonly #redis: Redis;

	constructor(redis: Redis) {
		this.#redis = redis;
	}

	async get(id: string): Promise<User | undefined> {
		const raw = await this.#redis.get(authKeys.user(id));
		if (!raw) return undefined;
		const parsed = UserSchema.safeParse(JSON.parse(raw));
		return parsed.success ? parsed.data : undefined;
	}

	async findByEmail(email: string): Promise<User | undefined> {
		const id = await this.#redis.hget(authKeys.usersByEmail, email);
		return id ? this.get(id) : undefined;
	}

	/** Creates the member for this e-mail address, or returns the one that already exists. */
	async findOrCreateMember(input: {
		email: string;
		name: string;
		organisation?: string;
		locale?: Locale;
	}): Promise<User> {
		const id = newId();
		// HSETNX makes the address → id claim atomic when two links are used at once.
		const claimed = await this.#redis.hsetnx(authKeys.usersByEmail, input.email, id);
		if (!claimed) {
			const existing = await this.findByEmail(input.email);
			if (existing) return existing;
		}
		const user: User = { id, guest: false, grants: [], createdAt: Date.now(), ...input };
		await this.#save(user);
		return user;
	}

	async createGuest(name: string, locale?: Locale): Promise<User> {
		const user: User = {
			id: newId(),
			name,
			guest: true,
			grants: [],
			createdAt: Date.now(),
			locale
		};
		await this.#save(user);
		return user;
	}

	async update(
		id: string,
		change: Partial<Pick<User, 'name' | 'organisation' | 'bio' | 'locale'>>
	): Promise<User | undefined> {
		const user = await this.get(id);
		if (!user) return undefined;
		const updated = { ...user, ...change };
		await this.#save(updated);
		return updated;
	}

	async addGrant(id: string, grant: Grant): Promise<void> {
		const user = await this.get(id);
		if (!user) return;
		const exists = user.grants.some((g) => sameGrant(g, grant));
		if (!exists) await this.#save({ ...user, grants: [...user.grants, grant] });
	}

	/** Takes a role back; answers whether the person had it. */
	async removeGrant(id: string, grant: Grant): Promise<boolean> {
		const user = await this.get(id);
		if (!user || !user.grants.some((g) => sameGrant(g, grant))) return false;
		await this.#save({ ...user, grants: user.grants.filter((g) => !sameGrant(g, grant)) });
		return true;
	}

	/** The accounts that speak in a session (invited as its speaker). */
	async speakersOf(session: string): Promise<User[]> {
		return (await this.withRoles()).filter((u) =>
			u.grants.some((g) => g.role === 'speaker' && g.session === session)
		);
	}

	/** Everyone who holds a role, by name. */
	async withRoles(): Promise<User[]> {
		const ids = await this.#redis.smembers(authKeys.granted);
		const users = await Promise.all(ids.map((id) => this.get(id)));
		return users
			.filter((u): u is User => u !== undefined && u.grants.length > 0)
			.sort((a, b) => a.name.localeCompare(b.name));
	}

	/**
	 * Removes the person. What they wrote elsewhere keeps their id, which now resolves to
	 * "deleted user".
	 */
	async delete(id: string): Promise<void> {
		const user = await this.get(id);
		if (!user) return;
		const tx = this.#redis.multi().del(authKeys.user(id)).srem(authKeys.granted, id);
		if (user.email) tx.hdel(authKeys.usersByEmail, user.email);
		await tx.exec();
	}

	async #save(user: User): Promise<void> {
		const tx = this.#redis.multi().set(authKeys.user(user.id), JSON.stringify(user));
		if (user.grants.length > 0) tx.sadd(authKeys.granted, user.id);
		else tx.srem(authKeys.granted, user.id);
		await tx.exec();
	}
}

const sameGrant = (a: Grant, b: Grant) => a.role === b.role && a.session === b.session;
