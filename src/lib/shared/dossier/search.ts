import { fold } from '../slug.ts';

/*
 * Full-text search over the dossier: a small token index over titles and descriptions, kept in
 * memory. Text is folded before it is split, so diacritics, case and ligatures do not matter:
 * "cooperatie" finds "coöperatie", "ij" finds "ĳ".
 */

/** The words of a text, folded: letters and digits, split on everything else. */
export function tokenize(text: string): string[] {
	return fold(text)
		.split(/[^\p{L}\p{N}]+/u)
		.filter((t) => t.length > 0);
}

export const MAX_QUERY_LENGTH = 200;
const MAX_QUERY_TOKENS = 12;
/** Shorter query words only match at the start of a word, longer ones anywhere in it. */
const MIN_INFIX = 4;

export interface Searchable {
	id: string;
	title: string;
	description: string;
	place?: string;
}

interface Indexed {
	title: Set<string>;
	body: Set<string>;
}

export class SearchIndex {
	readonly #docs = new Map<string, Indexed>();
	/** token → ids of the documents containing it */
	readonly #vocabulary = new Map<string, Set<string>>();

	constructor(items: Iterable<Searchable>) {
		for (const item of items) {
			const title = new Set(tokenize(item.title));
			const body = new Set(tokenize(`${item.description} ${item.place ?? ''}`));
			this.#docs.set(item.id, { title, body });
			for (const token of [...title, ...body]) {
				let ids = this.#vocabulary.get(token);
				if (!ids) this.#vocabulary.set(token, (ids = new Set()));
				ids.add(item.id);
			}
		}
	}

	get size(): number {
		return this.#docs.size;
	}

	/**
	 * Ids of the documents that match every word of the query, best first: a whole word beats the
	 * start of a word, which beats a part of a (compound) word; a match in the title counts
	 * double. Ties keep the order in which the documents were indexed.
	 */
	search(query: string): string[] {
		const words = [...new Set(tokenize(query.slice(0, MAX_QUERY_LENGTH)))].slice(
			0,
			MAX_QUERY_TOKENS
		);
		if (words.length === 0) return [];
		let scores: Map<string, number> | undefined;
		for (const word of words) {
			const found = new Map<string, number>();
			for (const [token, ids] of this.#vocabulary) {
				const strength =
					token === word
						? 3
						: token.startsWith(word)
							? 2
							: word.length >= MIN_INFIX && token.includes(word)
								? 1
								: 0;
				if (strength === 0) continue;
				for (const id of ids) {
					const weight = this.#docs.get(id)!.title.has(token) ? strength * 2 : strength;
					found.set(id, Math.max(found.get(id) ?? 0, weight));
				}
			}
			if (!scores) scores = found;
			else
				for (const [id, score] of scores) {
					const add = found.get(id);
					if (add === undefined) scores.delete(id);
					else scores.set(id, score + add);
				}
			if (scores.size === 0) return [];
		}
		const position = new Map([...this.#docs.keys()].map((id, i) => [id, i]));
		return [...scores!.entries()]
			.sort(([a, sa], [b, sb]) => sb - sa || position.get(a)! - position.get(b)!)
			.map(([id]) => id);
	}
}
