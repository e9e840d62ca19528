import type { Problem } from './json-path.ts';
import { formatJsonPath } from './json-path.ts';

const MAX_DEPTH = 32;

/**
 * Problems of a parsed JSON value that no schema sees: nesting deep enough to be an attack and
 * "__proto__" keys, which some object copies would turn into a prototype change.
 */
export function jsonHazards(value: unknown): Problem[] {
	const problems: Problem[] = [];
	const stack: { value: unknown; path: PropertyKey[] }[] = [{ value, path: [] }];
	while (stack.length > 0 && problems.length < 50) {
		const { value: node, path } = stack.pop()!;
		if (node === null || typeof node !== 'object') continue;
		if (path.length > MAX_DEPTH) {
			problems.push({ path: formatJsonPath(path), message: `nested deeper than ${MAX_DEPTH}` });
			continue;
		}
		for (const key of Object.keys(node)) {
			if (key === '__proto__') {
				problems.push({ path: formatJsonPath([...path, key]), message: 'this key is not allowed' });
				continue;
			}
			const child: unknown = (node as Record<string, unknown>)[key];
			stack.push({ value: child, path: [...path, Array.isArray(node) ? Number(key) : key] });
		}
	}
	return problems;
}
