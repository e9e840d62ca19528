// Shared by the scripts that keep a generated part of a docs file up to date.
import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Replaces what stands between `<!-- name:start -->` and `<!-- name:end -->` in `file` with
 * `content`, and says whether the file changed.
 */
export function rewriteDocSection(file: string, name: string, content: string): void {
	const doc = readFileSync(file, 'utf8');
	const updated = doc.replace(
		new RegExp(`<!-- ${name}:start -->[\\s\\S]*<!-- ${name}:end -->`),
		`<!-- ${name}:start -->\n${content}\n<!-- ${name}:end -->`
	);
	writeFileSync(file, updated);
	console.log(updated === doc ? `${file} was up to date` : `${file} updated`);
}
