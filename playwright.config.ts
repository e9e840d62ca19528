import { defineConfig } from '@playwright/test';

/** The e2e server: the built app on its own port, with its own Redis and LiveKit children. */
const PORT = Number(process.env.PLENAIR_E2E_PORT ?? 4310);
export const E2E_PORT = PORT;
export const E2E_DATA_DIR = 'test-results/e2e-data';
export const E2E_NOW = '2022-01-17T17:20:00+01:00';

export default defineConfig({
	testDir: 'tests/e2e',
	outputDir: 'test-results/playwright',
	timeout: 60_000,
	fullyParallel: true,
	workers: 2,
	forbidOnly: Boolean(process.env.CI),
	retries: 0,
	reporter: process.env.CI ? [['list'], ['json', { outputFile: 'test-results/e2e.json' }]] : 'list',
	use: {
		baseURL: `http://127.0.0.1:${PORT}`,
		locale: 'nl-NL',
		timezoneId: 'Europe/Amsterdam',
		trace: 'retain-on-failure',
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--use-fake-ui-for-media-stream',
				'--use-fake-device-for-media-stream',
				'--allow-loopback-in-peer-connection',
				'--disable-features=WebRtcHideLocalIpsWithMdns',
				'--autoplay-policy=no-user-gesture-required'
			]
		}
	},
	webServer: {
		command: 'rm -rf test-results/e2e-data && node --import tsx server/main.ts',
		url: `http://127.0.0.1:${PORT}/readyz`,
		reuseExistingServer: false,
		timeout: 90_000,
		stdout: 'pipe',
		gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
		env: {
			NODE_ENV: 'test',
			PORT: String(PORT),
			PLENAIR_SIGNIN_LIMIT_PER_IP: '1000',
			PLENAIR_NOW: E2E_NOW,
			PLENAIR_DATA_DIR: E2E_DATA_DIR
		}
	}
});
