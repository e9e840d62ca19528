// `npm run build` with made-up secrets in its environment (scripts/test.sh runs it in CI), and a
// note of them beside the build: tests/integration/client-bundle.test.ts then checks that none
// reached the browser bundle, without a second build of its own.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const canary = (label) => `${label}${randomBytes(12).toString('hex')}`;
const canaries = {
	LIVEKIT_API_KEY: canary('lkkey'),
	LIVEKIT_API_SECRET: canary('lksecret').padEnd(48, 'x'),
	SMTP_PASSWORD: canary('smtppass'),
	REDIS_PASSWORD: canary('redispass')
};
execFileSync('npm', ['run', '--silent', 'build'], {
	stdio: 'inherit',
	env: {
		...process.env,
		NODE_ENV: 'production',
		LIVEKIT_URL: 'wss://livekit.example.org',
		LIVEKIT_API_KEY: canaries.LIVEKIT_API_KEY,
		LIVEKIT_API_SECRET: canaries.LIVEKIT_API_SECRET,
		SMTP_URL: `smtp://plenair:${canaries.SMTP_PASSWORD}@mail.example.org:587`,
		REDIS_URL: `redis://:${canaries.REDIS_PASSWORD}@redis.example.org:6379`
	}
});
// The build's own version names it: a later build without canaries does not match.
const { version } = JSON.parse(readFileSync('build/client/_app/version.json', 'utf8'));
mkdirSync('test-results', { recursive: true });
writeFileSync('test-results/build-canaries.json', JSON.stringify({ version, canaries }, null, 2));
