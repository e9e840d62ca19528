import { defineConfig } from '@playwright/test';
import base from './playwright.config.ts';
// Temporary (helper's local run against a hand-started server with ORIGIN set); not for commit.
export default defineConfig({
	...base,
	webServer: undefined,
	projects: [{ name: 'app', testIgnore: /\.clock\.spec\.ts$/, use: { baseURL: 'http://127.0.0.1:4310' } }]
});
