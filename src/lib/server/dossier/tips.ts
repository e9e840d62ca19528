import { randomUUID } from 'node:crypto';
import { isIPv6 } from 'node:net';
import type { FieldErrors } from '../../shared/auth-forms.ts';
import { fieldErrors } from '../../shared/auth-forms.ts';
import type { Locale } from '../../shared/event-schema.ts';
import { linkKey } from '../../shared/dossier/links.ts';
import { HONEYPOT_FIELD, TipFormSchema, type DossierTip } from '../../shared/dossier/schema.ts';
import { hit } from '../rate-limit.ts';
import { rateLimitKeys } from '../redis-keys.ts';
import type { Services } from '../services.ts';

/**
 * Tips from anyone. Every attempt counts against its address (valid or not, robots included);
 * all addresses together also have a ceiling, so a spread-out flood cannot bury the queue.
 */
export const TIP_LIMITS = {
	perIp: 8,
	perIpWindowSeconds: 60 * 60,
	total: 300,
	totalWindowSeconds: 60 * 60
} as const;

export type TipResult =
	| { ok: true; tip?: DossierTip }
	| { ok: false; status: number; errors: FieldErrors; retryAfterMinutes?: number };

/** One IPv6 host usually owns a whole /64: count those together. */
export function limitKeyForAddress(ip: string): string {
	const address = ip.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
	if (!isIPv6(address)) return address;
	const [head, tail = ''] = address.split('::');
	const front = head === '' ? [] : head.split(':');
	const back = tail === '' ? [] : tail.split(':');
	const groups = address.includes('::')
		? [...front, ...Array<string>(8 - front.length - back.length).fill('0'), ...back]
		: front;
	return `${groups
		.slice(0, 4)
		.map((g) => parseInt(g, 16).toString(16))
		.join(':')}::/64`;
}

/**
 * Validates and queues a tip. A filled-in honeypot is answered like a success (a robot learns
 * nothing) but nothing is stored.
 */
export async function submitTip(
	{ redis, dossier }: Pick<Services, 'redis' | 'dossier'>,
	values: Record<string, FormDataEntryValue>,
	{ ip, locale, now }: { ip: string; locale: Locale; now: Date }
): Promise<TipResult> {
	const perIp = await hit(
		redis,
		rateLimitKeys.dossierTip(limitKeyForAddress(ip)),
		TIP_LIMITS.perIp,
		TIP_LIMITS.perIpWindowSeconds
	);
	const total = perIp.allowed
		? await hit(
				redis,
				rateLimitKeys.dossierTipsAll,
				TIP_LIMITS.total,
				TIP_LIMITS.totalWindowSeconds
			)
		: perIp;
	if (!total.allowed)
		return {
			ok: false,
			status: 429,
			errors: { form: 'form_rate_limited' },
			retryAfterMinutes: Math.ceil(total.retryAfterSeconds / 60)
		};

	const trap = values[HONEYPOT_FIELD];
	if (typeof trap !== 'string' || trap !== '') return { ok: true };

	const parsed = TipFormSchema.safeParse(values);
	if (!parsed.success) return { ok: false, status: 400, errors: fieldErrors(parsed.error) };

	const tip: DossierTip = {
		id: randomUUID(),
		url: parsed.data.url,
		linkKey: linkKey(parsed.data.url),
		note: parsed.data.note,
		email: parsed.data.email,
		locale,
		createdAt: now.toISOString(),
		status: 'pending'
	};
	if (!(await dossier.store.addTip(tip)))
		return { ok: false, status: 503, errors: { form: 'form_dossier_queue_full' } };
	return { ok: true, tip };
}
