import { z } from 'zod';
import { EmailSchema } from '../auth-forms.ts';
import { LocaleSchema, LocalizedTextSchema } from '../event-schema.ts';
import { checkLink } from './links.ts';
import { slugify, slugSchema } from '../slug.ts';
import { MAX_QUERY_LENGTH } from './search.ts';

/*
 * The dossier: what the conference is about, kept beside the programme. Items, themes, the JSON
 * document that moves a dossier between events, and every form around it. Error messages are
 * message keys (messages/*.json), like the auth forms, so errors show in the reader's language.
 */

export const dossierKinds = [
	'article',
	'video',
	'podcast',
	'film',
	'book',
	'initiative',
	'organisation'
] as const;
export const DossierKindSchema = z.enum(dossierKinds, { error: 'form_dossier_kind_invalid' });
export type DossierKind = z.infer<typeof DossierKindSchema>;

/** What kind of cooperative an initiative is: woon-, energie-, voedsel-, zorg-, buurtcoöperatie … */
export const initiativeTypes = [
	'woon',
	'energie',
	'voedsel',
	'zorg',
	'buurt',
	'werk',
	'platform',
	'overig'
] as const;
export const InitiativeTypeSchema = z.enum(initiativeTypes, {
	error: 'form_dossier_type_invalid'
});
export type InitiativeType = z.infer<typeof InitiativeTypeSchema>;

/** Ids of items and themes: lower-case slugs, as in the event file. */
export const DossierIdSchema = slugSchema({ max: 80, error: 'form_invalid' });

/** Paths under /dossier that are pages, not items. */
export const RESERVED_ITEM_IDS: readonly string[] = ['tip', 'review', 'initiatieven'];
const ItemId = DossierIdSchema.refine((id) => !RESERVED_ITEM_IDS.includes(id), {
	error: 'reserved for a page under /dossier'
});

/** The start of an HTML tag, end tag, comment or processing instruction. */
const MARKUP = /<[a-z!?/]/i;
// eslint-disable-next-line no-control-regex
const CONTROL_SINGLE_LINE = /[\u0000-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex
const CONTROL_MULTI_LINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export function hasMarkup(text: string): boolean {
	return MARKUP.test(text);
}

/** Plain text: trimmed, within bounds, no control characters, no markup. */
function plainText(max: number, error: string, { multiLine = false } = {}) {
	return z
		.string({ error })
		.trim()
		.min(1, { error })
		.max(max, { error })
		.refine((v) => !(multiLine ? CONTROL_MULTI_LINE : CONTROL_SINGLE_LINE).test(v), { error })
		.refine((v) => !hasMarkup(v), { error: 'form_dossier_markup' });
}

const emptyAsUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
/** An optional field: absent, or an empty form field, is undefined. */
function optional<T extends z.ZodType>(schema: T) {
	return z.preprocess(emptyAsUndefined, schema.optional());
}

/** A link that passed checkLink, in its canonical form. */
export const LinkSchema = z.string({ error: 'form_dossier_link_invalid' }).transform((v, ctx) => {
	const checked = checkLink(v);
	if (checked.ok) return checked.href;
	ctx.addIssue({ code: 'custom', message: checked.error, input: v });
	return z.NEVER;
});

export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 1000;
export const NOTE_MAX = 1000;
export const REASON_MAX = 500;

const Themes = z
	.array(DossierIdSchema, { error: 'form_dossier_themes_invalid' })
	.min(1, { error: 'form_dossier_themes_invalid' })
	.max(8, { error: 'form_dossier_themes_invalid' })
	.refine((ids) => new Set(ids).size === ids.length, { error: 'form_dossier_themes_invalid' });
const Sessions = z
	.array(DossierIdSchema, { error: 'form_dossier_sessions_invalid' })
	.max(30, { error: 'form_dossier_sessions_invalid' })
	.refine((ids) => new Set(ids).size === ids.length, { error: 'form_dossier_sessions_invalid' });
/** The language of the linked work: an ISO 639 code such as nl, en, fr. */
const Language = z
	.string({ error: 'form_dossier_language_invalid' })
	.trim()
	.toLowerCase()
	.regex(/^[a-z]{2,3}$/, { error: 'form_dossier_language_invalid' });

const itemFields = {
	kind: DossierKindSchema,
	title: plainText(TITLE_MAX, 'form_dossier_title_invalid'),
	url: optional(LinkSchema),
	description: plainText(DESCRIPTION_MAX, 'form_dossier_description_invalid', { multiLine: true }),
	themes: Themes,
	language: Language,
	image: optional(LinkSchema),
	sessions: Sessions.default([]),
	place: optional(plainText(100, 'form_dossier_place_invalid')),
	initiativeType: optional(InitiativeTypeSchema)
};

function kindRules(
	item: { kind: DossierKind; place?: string; initiativeType?: InitiativeType },
	ctx: z.RefinementCtx
) {
	if (item.initiativeType !== undefined && item.kind !== 'initiative')
		ctx.addIssue({
			code: 'custom',
			path: ['initiativeType'],
			message: 'form_dossier_type_only_initiatives'
		});
	if (item.place !== undefined && item.kind !== 'initiative' && item.kind !== 'organisation')
		ctx.addIssue({
			code: 'custom',
			path: ['place'],
			message: 'form_dossier_place_only_initiatives'
		});
}

/** What an organiser fills in when approving a tip. */
export const DossierItemFieldsSchema = z.object(itemFields).strict().superRefine(kindRules);

/** A published item, as stored and exported. */
export const DossierItemSchema = z
	.object({ id: ItemId, ...itemFields, publishedAt: z.iso.datetime({ offset: true }) })
	.strict()
	.superRefine(kindRules);
export type DossierItem = z.infer<typeof DossierItemSchema>;

const ThemeTitle = LocalizedTextSchema.superRefine((title, ctx) => {
	const texts = typeof title === 'string' ? [title] : Object.values(title);
	if (texts.some((t) => t === undefined || t.length > 60 || hasMarkup(t)))
		ctx.addIssue({ code: 'custom', message: 'form_dossier_theme_title_invalid' });
});
export const DossierThemeSchema = z.object({ id: DossierIdSchema, title: ThemeTitle }).strict();
export type DossierTheme = z.infer<typeof DossierThemeSchema>;

export const DOSSIER_FORMAT = 'plenair-dossier';

/** A whole dossier as one JSON document: `npm run dossier -- export|import`, the seed file. */
export const DossierDocumentSchema = z
	.object({
		format: z.literal(DOSSIER_FORMAT),
		version: z.literal(1),
		themes: z.array(DossierThemeSchema).max(100),
		items: z.array(DossierItemSchema).max(5000)
	})
	.strict()
	.superRefine((doc, ctx) => {
		const themeIds = new Set<string>();
		doc.themes.forEach((theme, i) => {
			if (themeIds.has(theme.id))
				ctx.addIssue({ code: 'custom', path: ['themes', i, 'id'], message: 'duplicate theme id' });
			themeIds.add(theme.id);
		});
		const itemIds = new Set<string>();
		doc.items.forEach((item, i) => {
			if (itemIds.has(item.id))
				ctx.addIssue({ code: 'custom', path: ['items', i, 'id'], message: 'duplicate item id' });
			itemIds.add(item.id);
			item.themes.forEach((theme, j) => {
				if (!themeIds.has(theme))
					ctx.addIssue({
						code: 'custom',
						path: ['items', i, 'themes', j],
						message: `unknown theme "${theme}"`
					});
			});
		});
	});
export type DossierDocument = z.infer<typeof DossierDocumentSchema>;

/** The field a person never sees; only robots fill it in. */
export const HONEYPOT_FIELD = 'homepage';

/** "Tips voor het dossier?": a link, a note, optionally an address for an answer. */
export const TipFormSchema = z.object({
	url: LinkSchema,
	note: optional(plainText(NOTE_MAX, 'form_dossier_note_invalid', { multiLine: true })),
	email: optional(EmailSchema)
});

export const tipStatuses = ['pending', 'published', 'rejected', 'duplicate'] as const;

/** A tip as stored: the address is dropped once the tip has been reviewed. */
export const DossierTipSchema = z
	.object({
		id: z.uuid(),
		url: z.string(),
		linkKey: z.string(),
		note: z.string().optional(),
		email: z.string().optional(),
		locale: LocaleSchema,
		createdAt: z.iso.datetime({ offset: true }),
		status: z.enum(tipStatuses),
		itemId: z.string().optional(),
		duplicateOf: z.string().optional(),
		reason: z.string().optional(),
		reviewedAt: z.iso.datetime({ offset: true }).optional(),
		reviewedBy: z.string().optional()
	})
	.strict();
export type DossierTip = z.infer<typeof DossierTipSchema>;

const TipId = z.uuid({ error: 'form_invalid' });
export const RejectFormSchema = z.object({
	tip: TipId,
	reason: optional(plainText(REASON_MAX, 'form_dossier_reason_invalid', { multiLine: true }))
});
export const MergeFormSchema = z.object({ tip: TipId, item: DossierIdSchema });
export const TipIdFormSchema = z.object({ tip: TipId });
export const ThemeFormSchema = z.object({
	id: z
		.string({ error: 'form_dossier_theme_id_invalid' })
		.trim()
		.pipe(slugSchema({ max: 40, error: 'form_dossier_theme_id_invalid' })),
	nl: plainText(60, 'form_dossier_theme_title_invalid'),
	en: optional(plainText(60, 'form_dossier_theme_title_invalid'))
});

/** The filters of /dossier, from the query string; anything unusable is ignored. */
export const DossierQuerySchema = z.object({
	kind: DossierKindSchema.optional().catch(undefined),
	theme: DossierIdSchema.optional().catch(undefined),
	q: z
		.string()
		.transform((q) => q.trim().slice(0, MAX_QUERY_LENGTH))
		.optional()
		.catch(undefined)
});
export type DossierQuery = z.infer<typeof DossierQuerySchema>;

export function parseDossierQuery(params: URLSearchParams): DossierQuery {
	const get = (name: string) => params.get(name) || undefined;
	return DossierQuerySchema.parse({ kind: get('kind'), theme: get('theme'), q: get('q') });
}

/** An item id from its title: its slug of at most 60 characters, never empty or a page's. */
export function itemIdFromTitle(title: string): string {
	const slug = slugify(title, 60);
	if (slug === '') return 'item';
	return RESERVED_ITEM_IDS.includes(slug) ? `${slug}-1` : slug;
}

/** The item fields of a submitted review form; themes and sessions are repeated fields. */
export function itemFieldsInput(form: FormData): Record<string, unknown> {
	const text = (name: string) => {
		const value = form.get(name);
		return typeof value === 'string' ? value : undefined;
	};
	const list = (name: string) => form.getAll(name).filter((v) => typeof v === 'string');
	return {
		kind: text('kind'),
		title: text('title'),
		url: text('url'),
		description: text('description'),
		themes: list('themes'),
		language: text('language'),
		image: text('image'),
		sessions: list('sessions'),
		place: text('place'),
		initiativeType: text('initiativeType')
	};
}
