const MAX = 80;

/** "Zaal A" → "zaal-a"; empty when nothing usable is left. */
export function slugify(text: string): string {
	return text
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.slice(0, MAX)
		.replace(/^-+|-+$/g, '');
}

/** `base`, or `base-2`, `base-3`… whichever is not taken yet; records the one it returns. */
export function uniqueSlug(base: string, taken: Set<string>): string {
	let slug = base;
	for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
	taken.add(slug);
	return slug;
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The text itself when it already is a slug (as Plenair's own ids are), else its slugified form. */
export const toSlug = (text: string) =>
	SLUG.test(text) && text.length <= 200 ? text : slugify(text);
