import { describe, expect, it } from 'vitest';
import { isSlug, slugify, slugSchema, uniqueSlug } from '../../src/lib/shared/slug.ts';

describe('slugs', () => {
	it('slugify folds case, diacritics and ligatures and joins words with single hyphens', () => {
		expect(slugify('Zaal A')).toBe('zaal-a');
		expect(slugify('  Wat is een wooncoöperatie?  ')).toBe('wat-is-een-wooncooperatie');
		expect(slugify('Straße & ĳsbaan')).toBe('strasse-ijsbaan');
		expect(slugify('¿¡ !!')).toBe('');
	});

	it('slugify cuts at the limit without leaving a hyphen at the end', () => {
		expect(slugify('x'.repeat(100))).toHaveLength(80);
		expect(slugify(`${'a'.repeat(59)} b`, 60)).toBe('a'.repeat(59));
	});

	it('whatever slugify returns, when not empty, is a slug', () => {
		for (const text of ['Plenaire opening', '--a--b--', 'Ärger über Öl', '36C3: Tag 1'])
			expect(isSlug(slugify(text))).toBe(true);
	});

	it('uniqueSlug numbers repeats and records what it hands out', () => {
		const taken = new Set<string>();
		expect([uniqueSlug('a', taken), uniqueSlug('a', taken), uniqueSlug('a', taken)]).toEqual([
			'a',
			'a-2',
			'a-3'
		]);
		expect(taken).toEqual(new Set(['a', 'a-2', 'a-3']));
	});

	it('the schema takes slugs only, with an optional length limit and message', () => {
		expect(slugSchema().safeParse('zaal-a').success).toBe(true);
		for (const bad of ['Zaal-A', 'zaal--a', '-zaal', 'zaal a', ''])
			expect(slugSchema().safeParse(bad).success).toBe(false);
		const short = slugSchema({ max: 3, error: 'form_invalid' }).safeParse('abcd');
		expect(short.error?.issues.map((i) => i.message)).toEqual(['form_invalid']);
	});
});
