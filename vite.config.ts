import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineConfig } from 'vitest/config';
import { plenairRealtime } from './server/vite-plugin.ts';
import { SlowestFirstSequencer } from './tests/support/long-first-sequencer.ts';

const testing = Boolean(process.env.VITEST);

export default defineConfig(({ command }) => ({
	plugins: [
		sveltekit(),
		// Tests import compiled messages (npm run prepare) and need no watcher.
		...(testing
			? []
			: [
					paraglideVitePlugin({
						project: './project.inlang',
						outdir: './src/lib/paraglide',
						strategy: ['cookie', 'baseLocale'],
						emitTsDeclarations: true
					})
				]),
		// The realtime layer is only for the dev and preview servers, never for builds or tests.
		...(command === 'serve' && !testing ? [plenairRealtime()] : [])
	],
	server: { hmr: { port: 24679 } },
	test: {
		expect: { requireAssertions: true },
		// Two files at a time: most integration files wait on their own app, Redis and LiveKit
		// processes, so two overlap well on two cores (the suite's time nearly halves).
		maxWorkers: 2,
		sequence: { sequencer: SlowestFirstSequencer },
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					environment: 'node',
					include: ['tests/unit/**/*.test.ts', 'src/**/*.test.ts']
				}
			},
			{
				extends: true,
				test: {
					name: 'integration',
					environment: 'node',
					include: [
						'tests/integration/**/*.test.ts',
						'tests/chaos/**/*.test.ts',
						'tests/fuzz/**/*.test.ts',
						'tests/security/**/*.test.ts'
					],
					testTimeout: 60_000,
					hookTimeout: 90_000
				}
			},
			{
				extends: true,
				// Svelte's browser build (mount, not SSR) and cleanup after each test.
				plugins: [svelteTesting()],
				test: {
					name: 'component',
					environment: 'happy-dom',
					include: ['tests/component/**/*.test.ts'],
					setupFiles: ['tests/component/support/setup.ts']
				}
			}
		]
	}
}));
