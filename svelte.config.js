import adapter from '@sveltejs/adapter-node';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	compilerOptions: {
		// Runes everywhere in our own code; libraries decide for themselves.
		runes: ({ filename }) => (filename.split(/[/\\]/).includes('node_modules') ? undefined : true)
	},
	kit: {
		// Both default to the usual places; tests/integration/client-bundle.test.ts builds elsewhere.
		adapter: adapter({ out: process.env.PLENAIR_BUILD_DIR || 'build' }),
		outDir: process.env.PLENAIR_KIT_DIR || '.svelte-kit',
		// The LiveKit server's origin is only known at run time; hooks.server.ts adds it to connect-src.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'https:'],
				'media-src': ['self', 'blob:'],
				'connect-src': ['self'],
				'font-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		},
		typescript: {
			// The Node entry and its realtime handlers live beside src/; type-check them too.
			config: (tsconfig) => {
				tsconfig.include.push(
					'../server/**/*.ts',
					'../scripts/**/*.ts',
					'../bench/**/*.ts',
					'../playwright.config.ts'
				);
				return tsconfig;
			}
		}
	}
};

export default config;
