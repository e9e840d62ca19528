import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, EnvSchema, parseConfig } from '../../src/lib/server/config.ts';

describe('the configuration', () => {
	it('has working defaults for the demo', () => {
		const config = parseConfig({}, '/srv/plenair');
		expect(config.PORT).toBe(3000);
		expect(config.PLENAIR_CLOCK).toBe('demo');
		expect(config.dataDir).toBe('/srv/plenair/data');
		expect(config.REDIS_URL).toBeUndefined();
	});

	it('names every bad variable in one error', () => {
		try {
			parseConfig({ PORT: 'eighty', REDIS_URL: 'http://x', PLENAIR_NOW: 'tomorrow' });
			expect.unreachable();
		} catch (error) {
			expect(error).toBeInstanceOf(ConfigError);
			const message = (error as ConfigError).message;
			for (const name of ['PORT', 'REDIS_URL', 'PLENAIR_NOW']) expect(message).toContain(name);
		}
	});

	it('needs keys with an external LiveKit', () => {
		expect(() => parseConfig({ LIVEKIT_URL: 'wss://media.example.org' })).toThrow(
			/LIVEKIT_API_KEY/
		);
		expect(() =>
			parseConfig({
				LIVEKIT_URL: 'wss://media.example.org',
				LIVEKIT_API_KEY: 'k',
				LIVEKIT_API_SECRET: 'short'
			})
		).toThrow(/at least 32/);
	});

	it('lists the same variables as .env.example', () => {
		const documented = [
			...readFileSync('.env.example', 'utf8').matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)
		].map((m) => m[1]);
		expect(new Set(documented)).toEqual(new Set(Object.keys(EnvSchema.shape)));
	});
});
