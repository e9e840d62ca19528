import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SearchIndex, tokenize } from '../../src/lib/shared/dossier/search.ts';
import { fold } from '../../src/lib/shared/slug.ts';

describe('search normalisation', () => {
	it('folds case, diacritics and ligatures', () => {
		expect(fold('Coöperatie')).toBe('cooperatie');
		expect(fold('CRÈME brûlée')).toBe('creme brulee');
		expect(fold('ĳsbaan')).toBe('ijsbaan');
		expect(fold('Straße')).toBe('strasse');
		// The same word typed in composed or decomposed form.
		expect(fold('coo\u0308peratie')).toBe(fold('co\u00f6peratie'));
	});

	it('splits on everything but letters and digits', () => {
		expect(tokenize('Woon- & Energiecoöperatieven: 02025, (Amsterdam)!')).toEqual([
			'woon',
			'energiecooperatieven',
			'02025',
			'amsterdam'
		]);
		expect(tokenize('  ')).toEqual([]);
	});

	it('folding is idempotent and never adds separators', () => {
		fc.assert(
			fc.property(fc.string(), (text) => {
				expect(fold(fold(text))).toBe(fold(text));
				expect(tokenize(text).every((t) => t.length > 0 && !/\s/.test(t))).toBe(true);
			})
		);
	});
});

describe('SearchIndex', () => {
	const index = new SearchIndex([
		{
			id: 'de-warren',
			title: 'Wooncoöperatie De Warren',
			description: 'Bewoners beheren hun eigen woongebouw.',
			place: 'Amsterdam'
		},
		{
			id: 'energie',
			title: 'Wat is een energiecoöperatie?',
			description: 'Samen zonnepanelen op het dak.'
		},
		{
			id: 'ostrom',
			title: 'Governing the Commons',
			description: 'Over coöperatie en gedeelde hulpbronnen.'
		}
	]);

	it('finds "coöperatie" when searched without diacritics, and the other way round', () => {
		expect(index.search('cooperatie').sort()).toEqual(['de-warren', 'energie', 'ostrom']);
		expect(index.search('COÖPERATIE').sort()).toEqual(['de-warren', 'energie', 'ostrom']);
		expect(index.search('zonnepanelen')).toEqual(['energie']);
	});

	it('ranks a whole word in the title first', () => {
		expect(index.search('commons')[0]).toBe('ostrom');
		expect(index.search('cooperatie')[0]).toBe('ostrom');
	});

	it('needs every word of the query', () => {
		expect(index.search('warren amsterdam')).toEqual(['de-warren']);
		expect(index.search('warren zonnepanelen')).toEqual([]);
	});

	it('matches the start of a word, and parts of longer words only from four letters', () => {
		expect(index.search('zonne')).toEqual(['energie']);
		expect(index.search('arr')).toEqual([]);
		expect(index.search('arre')).toEqual(['de-warren']);
	});

	it('finds nothing for an empty or punctuation-only query', () => {
		expect(index.search('')).toEqual([]);
		expect(index.search(' ?! ')).toEqual([]);
		expect(index.size).toBe(3);
	});
});
