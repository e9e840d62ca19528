// Rewrites the matrix in docs/security.md from PERMISSIONS in src/lib/shared/policy.ts.
import { readFileSync, writeFileSync } from 'node:fs';
import { permissionTable } from '../src/lib/shared/policy.ts';

const FILE = 'docs/security.md';
const doc = readFileSync(FILE, 'utf8');
const updated = doc.replace(
	/<!-- matrix:start -->[\s\S]*<!-- matrix:end -->/,
	`<!-- matrix:start -->\n${permissionTable()}\n<!-- matrix:end -->`
);
writeFileSync(FILE, updated);
console.log(updated === doc ? `${FILE} was up to date` : `${FILE} updated`);
