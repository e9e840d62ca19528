import { defineConfig } from '@playwright/test';
import { APP_ENTRY, TEST_LIVEKIT_KEY, TEST_LIVEKIT_SECRET } from './tests/support/app-process.ts';
import { CHROMIUM_LAUNCH } from './tests/support/chromium.ts';

/*
 * Three e2e servers, each the built app with its own Redis and LiveKit children:
 * - "app" keeps its clock at 17:20 (break-out round I live) for every journey that reads it;
 * - "clock" is moved by its tests (the *.clock.spec.ts files, whose tests run one at a time);
 * - "empty" starts as a new instance (events/new-conference: one room, no sessions), for the
 *   organiser who builds a conference from nothing (*.empty.spec.ts).
 */
const BASE_PORT = Number(process.env.PLENAIR_E2E_PORT ?? 4310);
export const E2E_NOW = '2022-01-17T17:20:00+01:00';
export const E2E: Record<
	'app' | 'clock' | 'empty',
	{ port: number; dataDir: string; env?: Record<string, string> }
> = {
	app: { port: BASE_PORT, dataDir: 'test-results/e2e-data' },
	clock: { port: BASE_PORT + 1, dataDir: 'test-results/e2e-clock-data' },
	empty: {
		port: BASE_PORT + 2,
		dataDir: 'test-results/e2e-empty-data',
		env: {
			PLENAIR_EVENT_FILE: 'events/new-conference/event.yaml',
			PLENAIR_NOW: '2027-01-04T10:00:00+01:00'
		}
	}
};
/** Kept for the journeys that only use the fixed-clock server. */
export const E2E_PORT = E2E.app.port;
export const E2E_DATA_DIR = E2E.app.dataDir;

const server = (name: keyof typeof E2E) => ({
	command: `rm -rf ${E2E[name].dataDir} && node ${APP_ENTRY}`,
	url: `http://127.0.0.1:${E2E[name].port}/readyz`,
	reuseExistingServer: false,
	timeout: 90_000,
	stdout: 'ignore' as const,
	gracefulShutdown: { signal: 'SIGTERM' as const, timeout: 10_000 },
	env: {
		NODE_ENV: 'test',
		PORT: String(E2E[name].port),
		ORIGIN: `http://127.0.0.1:${E2E[name].port}`,
		// Known keys, so browser tests can ask livekit-server itself what happened.
		LIVEKIT_API_KEY: TEST_LIVEKIT_KEY,
		LIVEKIT_API_SECRET: TEST_LIVEKIT_SECRET,
		PLENAIR_NOW: E2E_NOW,
		PLENAIR_SIGNIN_LIMIT_PER_IP: '1000',
		// The programme's record: true sessions would each run a recorder beside the browsers.
		PLENAIR_AUTO_RECORD: 'false',
		PLENAIR_DATA_DIR: E2E[name].dataDir,
		...E2E[name].env
	}
});

export default defineConfig({
	testDir: 'tests/e2e',
	outputDir: 'test-results/playwright',
	timeout: 60_000,
	fullyParallel: true,
	// One browser test at a time: the media tests each run two or three Chromiums with fake camera
	// and microphone, and two at once on two cores starve each other (and the app) into timeouts.
	workers: 1,
	forbidOnly: Boolean(process.env.CI),
	retries: 0,
	reporter: process.env.CI ? [['list'], ['json', { outputFile: 'test-results/e2e.json' }]] : 'list',
	use: {
		locale: 'nl-NL',
		timezoneId: 'Europe/Amsterdam',
		trace: 'retain-on-failure',
		launchOptions: CHROMIUM_LAUNCH
	},
	projects: [
		{
			name: 'app',
			testIgnore: /\.(clock|empty)\.spec\.ts$/,
			use: { baseURL: `http://127.0.0.1:${E2E.app.port}` }
		},
		{
			name: 'clock',
			testMatch: /\.clock\.spec\.ts$/,
			fullyParallel: false,
			use: { baseURL: `http://127.0.0.1:${E2E.clock.port}` }
		},
		{
			name: 'empty',
			testMatch: /\.empty\.spec\.ts$/,
			fullyParallel: false,
			use: { baseURL: `http://127.0.0.1:${E2E.empty.port}` }
		}
	],
	webServer: [server('app'), server('clock'), server('empty')]
});
