import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { fieldErrors } from '../../src/lib/shared/auth-forms.ts';
import {
	DossierDocumentSchema,
	DossierItemFieldsSchema,
	DossierItemSchema,
	itemFieldsInput,
	itemIdFromTitle,
	parseDossierQuery,
	RejectFormSchema,
	ThemeFormSchema,
	TipFormSchema
} from '../../src/lib/shared/dossier/schema.ts';
import { dossierWarnings, parseDossierDocument } from '../../src/lib/server/dossier/transfer.ts';
import { loadEventFile } from '../../src/lib/server/event-file.ts';

const fields = {
	kind: 'article',
	title: 'Wat is een wooncoöperatie?',
	url: 'https://example.org/wonen',
	description: 'Korte uitleg.',
	themes: ['wonen'],
	language: 'NL',
	sessions: []
};

describe('the tip form', () => {
	it('keeps a link, drops empty optional fields and normalises the address', () => {
		expect(
			TipFormSchema.parse({ url: ' https://Example.org ', note: '  ', email: ' A@Example.ORG ' })
		).toEqual({ url: 'https://example.org/', note: undefined, email: 'a@example.org' });
	});

	it('gives one translatable error key per field', () => {
		const result = TipFormSchema.safeParse({
			url: 'javascript:alert(1)',
			note: 'x'.repeat(1001),
			email: 'nope'
		});
		expect(fieldErrors(result.error!)).toEqual({
			url: 'form_dossier_link_scheme',
			note: 'form_dossier_note_invalid',
			email: 'form_email_invalid'
		});
		expect(fieldErrors(TipFormSchema.safeParse({}).error!)).toEqual({
			url: 'form_dossier_link_invalid'
		});
	});

	it('refuses markup and script in free text', () => {
		for (const note of [
			'<script>alert(1)</script>',
			'Kijk <img src=x onerror=alert(1)>',
			'</p>',
			'<!-- comment -->'
		])
			expect(
				fieldErrors(TipFormSchema.safeParse({ url: 'https://example.org', note }).error!),
				note
			).toEqual({ note: 'form_dossier_markup' });
		// Comparisons are text, not tags.
		expect(TipFormSchema.parse({ url: 'https://example.org', note: 'a < b en 3 > 2' }).note).toBe(
			'a < b en 3 > 2'
		);
	});

	it('keeps line breaks in notes but refuses other control characters', () => {
		expect(TipFormSchema.parse({ url: 'https://example.org', note: 'een\ntwee' }).note).toBe(
			'een\ntwee'
		);
		expect(TipFormSchema.safeParse({ url: 'https://example.org', note: 'a\u0007b' }).success).toBe(
			false
		);
	});
});

describe('item fields', () => {
	it('accept a valid item and lower-case the language', () => {
		const parsed = DossierItemFieldsSchema.parse(fields);
		expect(parsed.language).toBe('nl');
		expect(parsed.url).toBe('https://example.org/wonen');
	});

	it('read repeated form fields for themes and sessions, empty fields as absent', () => {
		const form = new FormData();
		for (const [k, v] of Object.entries({ ...fields, image: '', place: '', initiativeType: '' }))
			if (!Array.isArray(v)) form.set(k, v);
		form.append('themes', 'wonen');
		form.append('themes', 'buurt');
		form.append('sessions', 'plenaire-opening');
		const parsed = DossierItemFieldsSchema.parse(itemFieldsInput(form));
		expect(parsed).toMatchObject({ themes: ['wonen', 'buurt'], sessions: ['plenaire-opening'] });
		expect(parsed.image).toBeUndefined();
		expect(parsed.place).toBeUndefined();
	});

	it('refuse bad values field by field', () => {
		const result = DossierItemFieldsSchema.safeParse({
			...fields,
			kind: 'pamphlet',
			title: '<b>Vet</b>',
			description: 'x'.repeat(1001),
			themes: [],
			language: 'nederlands',
			image: 'http://192.168.0.10/plaatje.png'
		});
		expect(fieldErrors(result.error!)).toEqual({
			kind: 'form_dossier_kind_invalid',
			title: 'form_dossier_markup',
			description: 'form_dossier_description_invalid',
			themes: 'form_dossier_themes_invalid',
			language: 'form_dossier_language_invalid',
			image: 'form_dossier_link_private'
		});
	});

	it('give place to initiatives and organisations, and a cooperative type only to initiatives', () => {
		expect(
			DossierItemFieldsSchema.safeParse({
				...fields,
				kind: 'initiative',
				place: 'Utrecht',
				initiativeType: 'buurt'
			}).success
		).toBe(true);
		expect(
			DossierItemFieldsSchema.safeParse({ ...fields, kind: 'organisation', place: 'Ammerzoden' })
				.success
		).toBe(true);
		const wrong = DossierItemFieldsSchema.safeParse({
			...fields,
			place: 'Utrecht',
			initiativeType: 'woon'
		});
		expect(fieldErrors(wrong.error!)).toEqual({
			place: 'form_dossier_place_only_initiatives',
			initiativeType: 'form_dossier_type_only_initiatives'
		});
	});

	it('refuse duplicate themes and reserved item ids', () => {
		expect(DossierItemFieldsSchema.safeParse({ ...fields, themes: ['a', 'a'] }).success).toBe(
			false
		);
		const item = { ...fields, id: 'review', publishedAt: '2022-01-10T09:00:00.000Z' };
		expect(DossierItemSchema.safeParse(item).success).toBe(false);
		expect(DossierItemSchema.safeParse({ ...item, id: 'review-1' }).success).toBe(true);
		expect(DossierItemSchema.safeParse({ ...item, id: 'review-1', extra: 1 }).success).toBe(false);
	});
});

describe('the dossier document', () => {
	const doc = {
		format: 'plenair-dossier',
		version: 1,
		themes: [{ id: 'wonen', title: { nl: 'Wonen', en: 'Housing' } }],
		items: [{ ...fields, id: 'wooncooperatie', publishedAt: '2022-01-10T09:00:00.000Z' }]
	};

	it('parses, and names every problem with its path', () => {
		expect(parseDossierDocument(JSON.stringify(doc)).ok).toBe(true);
		const bad = parseDossierDocument(
			JSON.stringify({
				...doc,
				items: [doc.items[0], { ...doc.items[0], themes: ['zorg'] }]
			})
		);
		expect(bad).toEqual({
			ok: false,
			problems: ['items.1.id: duplicate item id', 'items.1.themes.0: unknown theme "zorg"']
		});
		expect(parseDossierDocument('{').ok).toBe(false);
		expect(parseDossierDocument(JSON.stringify({ ...doc, version: 2 })).ok).toBe(false);
	});

	it('the demo seed is valid, covers every theme, and names only sessions of the demo programme', async () => {
		const parsed = parseDossierDocument(
			await readFile('events/cooperatieven-maken-de-stad/dossier.json', 'utf8')
		);
		if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
		const { items, themes } = parsed.doc;
		expect(items.length).toBeGreaterThanOrEqual(12);
		expect(items.length).toBeLessThanOrEqual(20);
		for (const theme of themes) expect(items.some((i) => i.themes.includes(theme.id))).toBe(true);
		expect(new Set(items.map((i) => i.kind)).size).toBeGreaterThanOrEqual(5);
		const event = await loadEventFile('events/cooperatieven-maken-de-stad/event.yaml');
		expect(dossierWarnings(parsed.doc, event)).toEqual([]);
		// Round trip through the schema changes nothing.
		expect(DossierDocumentSchema.parse(JSON.parse(JSON.stringify(parsed.doc)))).toEqual(parsed.doc);
	});
});

describe('other forms', () => {
	it('itemIdFromTitle makes ids from titles', () => {
		expect(itemIdFromTitle('Wat is een wooncoöperatie?')).toBe('wat-is-een-wooncooperatie');
		expect(itemIdFromTitle('  ¿¡ !! ')).toBe('item');
		expect(itemIdFromTitle('Review')).toBe('review-1');
		expect(itemIdFromTitle('x'.repeat(100))).toHaveLength(60);
	});

	it('the filters ignore what they cannot use', () => {
		expect(
			parseDossierQuery(new URLSearchParams('kind=film&theme=wonen&q=%20De%20Warren%20'))
		).toEqual({ kind: 'film', theme: 'wonen', q: 'De Warren' });
		expect(parseDossierQuery(new URLSearchParams('kind=<script>&theme=Bad Theme'))).toEqual({
			kind: undefined,
			theme: undefined,
			q: undefined
		});
	});

	it('reject reasons and themes have bounds', () => {
		const tip = '0b6f7c1e-2f0a-4f4e-9a55-2b8f2d2a8e11';
		expect(RejectFormSchema.parse({ tip, reason: '' }).reason).toBeUndefined();
		expect(RejectFormSchema.safeParse({ tip, reason: 'x'.repeat(501) }).success).toBe(false);
		expect(ThemeFormSchema.safeParse({ id: 'Mobiliteit!', nl: 'Mobiliteit' }).success).toBe(false);
		expect(ThemeFormSchema.parse({ id: 'mobiliteit', nl: 'Mobiliteit', en: '' })).toEqual({
			id: 'mobiliteit',
			nl: 'Mobiliteit',
			en: undefined
		});
	});
});
