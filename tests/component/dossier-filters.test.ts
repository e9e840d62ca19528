import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import DossierFilters from '../../src/lib/components/dossier/DossierFilters.svelte';
import type { DossierTheme } from '../../src/lib/shared/dossier/schema.ts';
import { useLocale } from './support/fakes.ts';

const themes: DossierTheme[] = [
	{ id: 'wonen', title: { nl: 'Wonen', en: 'Housing' } },
	{ id: 'energie', title: 'Energie' }
];

/**
 * Each option as [value, text, marked selected]. The `selected` attribute is what
 * the server-rendered page carries and a browser shows; happy-dom's live `selected` does not
 * always follow it.
 */
const options = (name: string) =>
	within(screen.getByRole('combobox', { name }))
		.getAllByRole('option')
		.map((o) => [(o as HTMLOptionElement).value, o.textContent, o.hasAttribute('selected')]);

describe('DossierFilters', () => {
	it('an empty search: every field empty, every kind and theme offered, nothing to clear', () => {
		render(DossierFilters, { query: {}, themes, locale: 'nl' });
		const form = screen.getByRole('search');
		expect(form.getAttribute('method')).toBe('GET');
		expect(form.getAttribute('action')).toBe('/dossier');
		expect(
			(screen.getByRole('searchbox', { name: 'Zoeken in het dossier' }) as HTMLInputElement).value
		).toBe('');
		expect(options('Soort')).toEqual([
			['', 'Alle soorten', true],
			['article', 'Artikel', false],
			['video', 'Video', false],
			['podcast', 'Podcast', false],
			['film', 'Film', false],
			['book', 'Boek', false],
			['initiative', 'Initiatief', false],
			['organisation', 'Organisatie', false]
		]);
		expect(options('Thema')).toEqual([
			['', 'Alle thema’s', true],
			['wonen', 'Wonen', false],
			['energie', 'Energie', false]
		]);
		expect(screen.getByRole('button', { name: 'Zoeken' })).toBeTruthy();
		expect(screen.queryByRole('link', { name: 'Alles tonen' })).toBeNull();
	});

	it('shows the current search and offers to clear it', () => {
		render(DossierFilters, {
			query: { q: 'coöperatie', kind: 'initiative', theme: 'energie' },
			themes,
			locale: 'nl'
		});
		expect(
			(screen.getByRole('searchbox', { name: 'Zoeken in het dossier' }) as HTMLInputElement).value
		).toBe('coöperatie');
		expect(
			options('Soort')
				.filter(([, , selected]) => selected)
				.map(([value]) => value)
		).toEqual(['initiative']);
		expect(
			options('Thema')
				.filter(([, , selected]) => selected)
				.map(([value]) => value)
		).toEqual(['energie']);
		expect(screen.getByRole('link', { name: 'Alles tonen' }).getAttribute('href')).toBe('/dossier');
	});

	it('one filter alone is enough to offer clearing', () => {
		render(DossierFilters, { query: { kind: 'book' }, themes, locale: 'nl' });
		expect(screen.getByRole('link', { name: 'Alles tonen' })).toBeTruthy();
	});

	it('in English, with the themes’ English titles', () => {
		useLocale('en');
		render(DossierFilters, { query: { theme: 'wonen' }, themes, locale: 'en' });
		expect(screen.getByRole('searchbox', { name: 'Search the dossier' })).toBeTruthy();
		expect(options('Kind').slice(0, 2)).toEqual([
			['', 'All kinds', true],
			['article', 'Article', false]
		]);
		expect(options('Theme')).toEqual([
			['', 'All themes', false],
			['wonen', 'Housing', true],
			['energie', 'Energie', false]
		]);
		expect(screen.getByRole('button', { name: 'Search' })).toBeTruthy();
		expect(screen.getByRole('link', { name: 'Show everything' })).toBeTruthy();
	});
});
