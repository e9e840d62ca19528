// Compiles the Node entry points to JavaScript in build/plenair/, beside adapter-node's output,
// so production runs plain `node build/plenair/main.js` with no TypeScript loader.
//   build/plenair/main.js     the app: server/main.ts and what it imports (server/, src/lib/)
//   build/plenair/admin.js    scripts/admin.ts (invites, the first admin)
//   build/plenair/dossier.js  scripts/dossier.ts (dossier export and import)
// `npm run build` runs this after `vite build` (which empties build/ first). Packages from
// node_modules stay imports; each must be one of package.json's `dependencies`, because the
// production image installs only those (`npm ci --omit=dev`).
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { build } from 'esbuild';

const outdir = 'build/plenair';
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const runtime = new Set(Object.keys(pkg.dependencies ?? {}));
const engine = /^>=(\d+\.\d+)/.exec(pkg.engines?.node ?? '')?.[1] ?? '20.19';

const result = await build({
	entryPoints: {
		main: 'server/main.ts',
		admin: 'scripts/admin.ts',
		dossier: 'scripts/dossier.ts'
	},
	outdir,
	bundle: true,
	splitting: true,
	chunkNames: 'chunks/[name]-[hash]',
	platform: 'node',
	format: 'esm',
	target: `node${engine}`,
	packages: 'external',
	sourcemap: true,
	metafile: true,
	logLevel: 'warning',
	// The maps (for `node --enable-source-maps`) point into server/ and src/lib/.
	sourcesContent: false
});

const builtins = new Set(builtinModules);
const packageOf = (path) => {
	const parts = path.split('/');
	return path.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
};
const missing = new Map();
for (const [file, output] of Object.entries(result.metafile.outputs)) {
	for (const { path, external } of output.imports) {
		if (!external || path.startsWith('node:') || builtins.has(path)) continue;
		const name = packageOf(path);
		if (!runtime.has(name)) missing.set(name, file);
	}
}
if (missing.size > 0) {
	for (const [name, file] of missing)
		console.error(`${file} imports ${name}, which is not in package.json's dependencies`);
	console.error('Production installs only `dependencies`: move these there.');
	process.exit(1);
}
