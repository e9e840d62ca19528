import { z } from 'zod';

/*
 * Slugs: the ids of the event file (event, rooms, rounds, sessions), of the dossier (items,
 * themes) and of imported schedules. One pattern, one way to make one from a text.
 */

const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SLUG_MESSAGE = 'use lower-case letters, digits and single hyphens';

export const isSlug = (text: string) => SLUG_PATTERN.test(text);

/**
 * A slug of at most `max` characters. `error` replaces every message (forms give a message key,
 * which the page translates).
 */
export function slugSchema({ max, error }: { max?: number; error?: string } = {}) {
	const params = error === undefined ? undefined : { error };
	const text = z.string(params);
	return (max === undefined ? text : text.max(max, params)).regex(
		SLUG_PATTERN,
		error ?? SLUG_MESSAGE
	);
}

/** Ids in the event file. */
export const SlugSchema = slugSchema();

/** Lower case, without diacritics (NFKD, combining marks removed): for slugs and search. */
export function fold(text: string): string {
	return text
		.normalize('NFKD')
		.replace(/\p{M}+/gu, '')
		.toLowerCase()
		.replace(/ß/g, 'ss');
}

/** "Zaal A" → "zaal-a", at most `max` characters; empty when nothing usable is left. */
export function slugify(text: string, max = 80): string {
	return fold(text)
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, max)
		.replace(/-+$/, '');
}

/** `base`, or `base-2`, `base-3`… whichever is not taken yet; records the one it returns. */
export function uniqueSlug(base: string, taken: Set<string>): string {
	let slug = base;
	for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
	taken.add(slug);
	return slug;
}
