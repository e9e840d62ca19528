import type { Redis } from 'ioredis';
import { z } from 'zod';
import {
	DOSSIER_FORMAT,
	DossierItemSchema,
	DossierThemeSchema,
	DossierTipSchema,
	type DossierDocument,
	type DossierItem,
	type DossierTheme,
	type DossierTip
} from '../../shared/dossier/schema.ts';
import { linkKey } from '../../shared/dossier/links.ts';
import { dossierKeys } from '../redis-keys.ts';
import { defineScript } from '../redis-script.ts';

/*
 * The dossier in Redis (dossierKeys in redis-keys.ts has the layout). Every multi-key write is one
 * MULTI or one Lua script, so nothing is half-saved.
 */
/** The moderation queue refuses new tips beyond this many, whoever sends them. */
export const MAX_PENDING_TIPS = 500;

const K = dossierKeys;

// KEYS: tips, pending, items, links, version; ARGV: tip id, tip JSON, item id, item JSON, link key
const APPROVE = {
	keys: 5,
	reply: z.literal(['ok', 'gone', 'id_taken', 'duplicate']),
	lua: `
if not redis.call('ZSCORE', KEYS[2], ARGV[1]) then return 'gone' end
if redis.call('HEXISTS', KEYS[3], ARGV[3]) == 1 then return 'id_taken' end
if ARGV[5] ~= '' and redis.call('HEXISTS', KEYS[4], ARGV[5]) == 1 then return 'duplicate' end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HSET', KEYS[3], ARGV[3], ARGV[4])
if ARGV[5] ~= '' then redis.call('HSET', KEYS[4], ARGV[5], ARGV[3]) end
redis.call('INCR', KEYS[5])
return 'ok'`
};

// KEYS: tips, pending, items; ARGV: tip id, tip JSON, item id that must exist ('' for none)
const CLOSE = {
	keys: 3,
	reply: z.literal(['ok', 'gone', 'no_item']),
	lua: `
if not redis.call('ZSCORE', KEYS[2], ARGV[1]) then return 'gone' end
if ARGV[3] ~= '' and redis.call('HEXISTS', KEYS[3], ARGV[3]) == 0 then return 'no_item' end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZREM', KEYS[2], ARGV[1])
return 'ok'`
};

// KEYS: tips, pending; ARGV: tip id, tip JSON, arrival score, max pending
const ADD_TIP = {
	keys: 2,
	reply: z.literal([0, 1]),
	lua: `
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[4]) then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
return 1`
};

export type ApproveResult = z.infer<typeof APPROVE.reply>;
export type CloseResult = z.infer<typeof CLOSE.reply>;

const ThemeRecord = DossierThemeSchema.extend({ order: z.number() });

export class DossierStore {
	readonly #redis: Redis;
	readonly #approve;
	readonly #close;
	readonly #addTip;

	constructor(redis: Redis) {
		this.#redis = redis;
		this.#approve = defineScript(redis, 'dossierApprove', APPROVE);
		this.#close = defineScript(redis, 'dossierClose', CLOSE);
		this.#addTip = defineScript(redis, 'dossierAddTip', ADD_TIP);
	}

	/** Raised by every change to items or themes; search indexes compare it. */
	async version(): Promise<number> {
		return Number((await this.#redis.get(K.version)) ?? 0);
	}

	async items(): Promise<DossierItem[]> {
		const raw = await this.#redis.hvals(K.items);
		return raw
			.map((r) => DossierItemSchema.parse(JSON.parse(r)))
			.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
	}

	async item(id: string): Promise<DossierItem | undefined> {
		const raw = await this.#redis.hget(K.items, id);
		return raw ? DossierItemSchema.parse(JSON.parse(raw)) : undefined;
	}

	async hasItem(id: string): Promise<boolean> {
		return (await this.#redis.hexists(K.items, id)) === 1;
	}

	async isEmpty(): Promise<boolean> {
		const [items, themes] = await Promise.all([
			this.#redis.hlen(K.items),
			this.#redis.hlen(K.themes)
		]);
		return items === 0 && themes === 0;
	}

	async themes(): Promise<DossierTheme[]> {
		const raw = await this.#redis.hvals(K.themes);
		return raw
			.map((r) => ThemeRecord.parse(JSON.parse(r)))
			.sort((a, b) => a.order - b.order)
			.map(({ id, title }) => ({ id, title }));
	}

	/** Adds a theme at the end; false when the id is taken. */
	async addTheme(theme: DossierTheme): Promise<boolean> {
		const record = JSON.stringify({ ...theme, order: Date.now() });
		const [[, added]] = (await this.#redis
			.multi()
			.hsetnx(K.themes, theme.id, record)
			.incr(K.version)
			.exec()) as [[Error | null, number], unknown];
		return added === 1;
	}

	/** The item published under this link, if any (see linkKey). */
	async itemIdForLink(href: string): Promise<string | undefined> {
		return (await this.#redis.hget(K.links, linkKey(href))) ?? undefined;
	}

	/** The whole published dossier, items ordered by id, themes in their order. */
	async exportDocument(): Promise<DossierDocument> {
		const [themes, items] = await Promise.all([this.themes(), this.items()]);
		return { format: DOSSIER_FORMAT, version: 1, themes, items };
	}

	/** Replaces every theme and item with the document's, in one transaction. Tips stay. */
	async replaceDocument(doc: DossierDocument): Promise<void> {
		const tx = this.#redis.multi().del(K.items, K.themes, K.links);
		if (doc.themes.length > 0)
			tx.hset(
				K.themes,
				Object.fromEntries(
					doc.themes.map((theme, order) => [theme.id, JSON.stringify({ ...theme, order })])
				)
			);
		if (doc.items.length > 0) {
			tx.hset(K.items, Object.fromEntries(doc.items.map((i) => [i.id, JSON.stringify(i)])));
			const links = doc.items.filter((i) => i.url !== undefined);
			if (links.length > 0)
				tx.hset(K.links, Object.fromEntries(links.map((i) => [linkKey(i.url!), i.id])));
		}
		await tx.set(K.seeded, new Date().toISOString()).incr(K.version).exec();
	}

	/**
	 * Writes a seed document when this Redis never had a dossier: no items, no themes, never seeded
	 * or imported before. One process seeds at a time (a short lock); the write is one transaction.
	 */
	async seedIfNew(doc: DossierDocument): Promise<'seeded' | 'skipped'> {
		if (await this.#redis.exists(K.seeded)) return 'skipped';
		if ((await this.#redis.set(K.seeding, String(process.pid), 'EX', 30, 'NX')) !== 'OK')
			return 'skipped';
		try {
			if (!(await this.isEmpty())) {
				await this.#redis.set(K.seeded, new Date().toISOString());
				return 'skipped';
			}
			await this.replaceDocument(doc);
			return 'seeded';
		} finally {
			await this.#redis.del(K.seeding);
		}
	}

	/** Queues a tip for review; false when the queue is full. */
	async addTip(tip: DossierTip): Promise<boolean> {
		const added = await this.#addTip(
			[K.tips, K.pending],
			[
				tip.id,
				JSON.stringify(DossierTipSchema.parse(tip)),
				Date.parse(tip.createdAt),
				MAX_PENDING_TIPS
			]
		);
		return added === 1;
	}

	async tip(id: string): Promise<DossierTip | undefined> {
		const raw = await this.#redis.hget(K.tips, id);
		return raw ? DossierTipSchema.parse(JSON.parse(raw)) : undefined;
	}

	/** The moderation queue, oldest first. */
	async pendingTips(limit = 100): Promise<DossierTip[]> {
		const ids = await this.#redis.zrange(K.pending, 0, limit - 1);
		if (ids.length === 0) return [];
		const raw = await this.#redis.hmget(K.tips, ...ids);
		return raw.flatMap((r) => (r ? [DossierTipSchema.parse(JSON.parse(r))] : []));
	}

	async pendingCount(): Promise<number> {
		return this.#redis.zcard(K.pending);
	}

	/** Publishes the item and closes the tip, atomically. */
	async approve(tip: DossierTip, item: DossierItem, reviewer: string): Promise<ApproveResult> {
		const closed = this.#closed(tip, { status: 'published', itemId: item.id }, reviewer);
		return this.#approve(
			[K.tips, K.pending, K.items, K.links, K.version],
			[
				tip.id,
				JSON.stringify(closed),
				item.id,
				JSON.stringify(DossierItemSchema.parse(item)),
				item.url ? linkKey(item.url) : ''
			]
		);
	}

	async reject(
		tip: DossierTip,
		reason: string | undefined,
		reviewer: string
	): Promise<CloseResult> {
		const closed = this.#closed(tip, { status: 'rejected', reason }, reviewer);
		return this.#closeTip(closed, '');
	}

	/** Closes the tip as a duplicate of an item already in the dossier. */
	async markDuplicate(tip: DossierTip, itemId: string, reviewer: string): Promise<CloseResult> {
		const closed = this.#closed(tip, { status: 'duplicate', duplicateOf: itemId }, reviewer);
		return this.#closeTip(closed, itemId);
	}

	#closeTip(tip: DossierTip, mustExist: string): Promise<CloseResult> {
		return this.#close([K.tips, K.pending, K.items], [tip.id, JSON.stringify(tip), mustExist]);
	}

	/** The tip after review: the sender's address is no longer needed and is dropped. */
	#closed(tip: DossierTip, change: Partial<DossierTip>, reviewer: string): DossierTip {
		return DossierTipSchema.parse({
			...tip,
			email: undefined,
			...change,
			reviewedAt: new Date().toISOString(),
			reviewedBy: reviewer
		});
	}
}
