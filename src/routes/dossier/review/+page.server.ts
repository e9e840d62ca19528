import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { authorize, policyContext, requireActor } from '$lib/server/auth/guard';
import { getServices } from '$lib/server/services';
import type { ReviewFailure, ReviewTip } from '$lib/components/dossier/types';
import { fieldErrors, type FieldErrors } from '$lib/shared/auth-forms';
import { linkKey } from '$lib/shared/dossier/links';
import {
	DossierItemFieldsSchema,
	itemFieldsInput,
	itemIdFromTitle,
	MergeFormSchema,
	RejectFormSchema,
	ThemeFormSchema,
	TipIdFormSchema,
	type DossierItem
} from '$lib/shared/dossier/schema';
import { localize } from '$lib/shared/programme';
import { readFormData } from '$lib/server/read-form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const services = getServices();
	authorize(locals.actor, 'dossier.review', policyContext(services.event));
	const dossier = await services.dossier.open();
	const { store } = services.dossier;
	const byLink = new Map(
		dossier.items.flatMap((item) => (item.url ? [[linkKey(item.url), item] as const] : []))
	);
	const [pending, count] = await Promise.all([store.pendingTips(), store.pendingCount()]);
	const tips: ReviewTip[] = pending.map((tip) => {
		const duplicate = byLink.get(tip.linkKey);
		return {
			id: tip.id,
			url: tip.url,
			note: tip.note,
			createdAt: tip.createdAt,
			hasEmail: tip.email !== undefined,
			duplicate: duplicate && { id: duplicate.id, title: duplicate.title }
		};
	});
	const locale = getLocale();
	return {
		tips,
		count,
		themes: dossier.themes,
		sessions: services.event.sessions.map((s) => ({ id: s.id, title: localize(s.title, locale) }))
	};
};

type Failure = ReviewFailure & { tip?: string };
const refuse = (status: number, failure: Failure) => fail(status, failure);

/** The visible text fields of the approve form, to show again after a refusal. */
function echo(form: FormData, fields: string[]): Record<string, string> {
	return Object.fromEntries(
		fields.flatMap((f) => {
			const v = form.get(f);
			return typeof v === 'string' ? [[f, v.slice(0, 2000)]] : [];
		})
	);
}

const APPROVE_FIELDS = ['kind', 'title', 'url', 'description', 'language', 'image', 'place'];

export const actions: Actions = {
	/** Publishes a pending tip as an item, with the fields the organiser filled in. */
	approve: async ({ locals, request }) => {
		const services = getServices();
		const actor = requireActor(locals.actor, 'dossier.review', policyContext(services.event));
		const form = await readFormData(request);
		const tipId = TipIdFormSchema.safeParse({ tip: form.get('tip') });
		if (!tipId.success) return refuse(400, { action: 'approve', errors: { form: 'form_invalid' } });
		const tip = tipId.data.tip;
		const input = itemFieldsInput(form);
		const failure = (errors: Failure['errors'], status = 400) =>
			refuse(status, {
				action: 'approve',
				tip,
				errors,
				values: {
					...echo(form, APPROVE_FIELDS),
					initiativeType: String(input.initiativeType ?? '')
				},
				lists: { themes: input.themes as string[], sessions: input.sessions as string[] }
			});

		const parsed = DossierItemFieldsSchema.safeParse(input);
		if (!parsed.success) return failure(fieldErrors(parsed.error));
		const fields = parsed.data;
		const dossier = await services.dossier.snapshot();
		const themeIds = new Set(dossier.themes.map((t) => t.id));
		if (!fields.themes.every((t) => themeIds.has(t)))
			return failure({ themes: 'form_dossier_themes_invalid' });
		if (!fields.sessions.every((s) => services.event.sessions.some((e) => e.id === s)))
			return failure({ sessions: 'form_dossier_sessions_invalid' });

		const { store } = services.dossier;
		const pending = await store.tip(tip);
		if (!pending || pending.status !== 'pending')
			return failure({ form: 'form_dossier_tip_gone' }, 409);
		if (fields.url && (await store.itemIdForLink(fields.url)))
			return failure({ url: 'form_dossier_link_duplicate' }, 409);

		const base = itemIdFromTitle(fields.title);
		for (let n = 1; n <= 20; n++) {
			const id = n === 1 ? base : `${base.slice(0, 56)}-${n}`;
			if (await store.hasItem(id)) continue;
			const item: DossierItem = {
				id,
				...fields,
				publishedAt: new Date(services.clock.now()).toISOString()
			};
			const result = await store.approve(pending, item, actor.id);
			if (result === 'ok') return { approved: { id, title: item.title } };
			if (result === 'gone') return failure({ form: 'form_dossier_tip_gone' }, 409);
			if (result === 'duplicate') return failure({ url: 'form_dossier_link_duplicate' }, 409);
		}
		return failure({ title: 'form_dossier_title_invalid' }, 409);
	},

	/** Closes a pending tip; the sender hears why when they left an address. */
	reject: async ({ locals, request }) => {
		const services = getServices();
		const actor = requireActor(locals.actor, 'dossier.review', policyContext(services.event));
		const form = await readFormData(request);
		const parsed = RejectFormSchema.safeParse(Object.fromEntries(form));
		if (!parsed.success)
			return refuse(400, {
				action: 'reject',
				tip: String(form.get('tip') ?? ''),
				errors: fieldErrors(parsed.error),
				values: echo(form, ['reason'])
			});
		const { store } = services.dossier;
		const tip = await store.tip(parsed.data.tip);
		if (!tip || (await store.reject(tip, parsed.data.reason, actor.id)) !== 'ok')
			return refuse(409, {
				action: 'reject',
				tip: parsed.data.tip,
				errors: { form: 'form_dossier_tip_gone' }
			});
		if (tip.email) {
			const locale = tip.locale;
			const event = localize(services.event.event.title, locale);
			const reason = parsed.data.reason;
			await services.mailer.send({
				to: tip.email,
				subject: m.dossier_mail_rejected_subject({ event }, { locale }),
				text: reason
					? m.dossier_mail_rejected_reason({ event, link: tip.url, reason }, { locale })
					: m.dossier_mail_rejected({ event, link: tip.url }, { locale })
			});
		}
		return { rejected: tip.url };
	},

	/** Closes a pending tip as a duplicate of an item already in the dossier. */
	merge: async ({ locals, request }) => {
		const services = getServices();
		const actor = requireActor(locals.actor, 'dossier.review', policyContext(services.event));
		const parsed = MergeFormSchema.safeParse(Object.fromEntries(await readFormData(request)));
		if (!parsed.success) return refuse(400, { action: 'merge', errors: { form: 'form_invalid' } });
		const { store } = services.dossier;
		const tip = await store.tip(parsed.data.tip);
		const result = tip ? await store.markDuplicate(tip, parsed.data.item, actor.id) : 'gone';
		if (result !== 'ok')
			return refuse(409, {
				action: 'merge',
				tip: parsed.data.tip,
				errors: { form: result === 'no_item' ? 'form_invalid' : 'form_dossier_tip_gone' }
			});
		return { merged: parsed.data.item };
	},

	/** Adds a theme beside wonen, energie, voedsel, zorg, buurt, financiering … */
	theme: async ({ locals, request }) => {
		const services = getServices();
		requireActor(locals.actor, 'dossier.review', policyContext(services.event));
		const form = await readFormData(request);
		const parsed = ThemeFormSchema.safeParse(Object.fromEntries(form));
		const values = echo(form, ['id', 'nl', 'en']);
		if (!parsed.success)
			return fail(400, { themeErrors: fieldErrors(parsed.error), themeValues: values });
		const { id, nl, en } = parsed.data;
		const added = await services.dossier.store.addTheme({
			id,
			title: en ? { nl, en } : { nl }
		});
		if (!added) {
			const themeErrors: FieldErrors = { id: 'form_dossier_theme_id_taken' };
			return fail(409, { themeErrors, themeValues: values });
		}
		return { themeAdded: id };
	}
};
