import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenVerifier } from 'livekit-server-sdk';
import {
	startApp,
	TEST_LIVEKIT_KEY,
	TEST_LIVEKIT_SECRET,
	type AppProcess
} from '../support/app-process.ts';
import { registerAndSignIn } from '../support/http.ts';

let app: AppProcess;
const verifier = new TokenVerifier(TEST_LIVEKIT_KEY, TEST_LIVEKIT_SECRET);

beforeAll(async () => {
	app = await startApp({ NODE_ENV: 'test', PLENAIR_NOW: '2022-01-17T17:20:00+01:00' });
});
afterAll(() => app?.stop());

async function token(session: string, cookie?: string, init: RequestInit = {}, query = '') {
	const res = await fetch(`${app.url}/api/sessions/${session}/token${query}`, {
		method: 'POST',
		...init,
		headers: { ...(cookie ? { cookie } : {}), ...init.headers }
	});
	const text = await res.text();
	if (!res.headers.get('content-type')?.includes('json'))
		throw new Error(`${res.status}: ${text.slice(0, 200)}`);
	return { status: res.status, body: JSON.parse(text) as Record<string, unknown> };
}

describe('LiveKit tokens', () => {
	it('lets a participant publish in a breakout, with the room and identity the server chose', async () => {
		const cookie = await registerAndSignIn(app, 'maker@example.org');
		const { status, body } = await token('toolkit-energietransitie', cookie);
		expect(status).toBe(200);
		const claims = await verifier.verify(body.token as string);
		expect(claims.video).toMatchObject({
			room: 'cooperatieven-maken-de-stad--toolkit-energietransitie',
			roomJoin: true,
			canPublish: true,
			canSubscribe: true
		});
		expect(claims.video?.roomAdmin).toBeFalsy();
		expect(claims.sub).toBe(body.identity);
		expect(Number(claims.exp) - Math.floor(Date.now() / 1000)).toBeLessThanOrEqual(15 * 60);
	});

	it('ignores a room or identity the client tries to choose', async () => {
		const cookie = await registerAndSignIn(app, 'sneaky@example.org');
		const { body } = await token(
			'toolkit-energietransitie',
			cookie,
			{
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ room: 'x', identity: 'admin', canPublish: true, roomAdmin: true })
			},
			'?room=plenaire-opening&identity=admin'
		);
		const claims = await verifier.verify(body.token as string);
		expect(claims.video?.room).toBe('cooperatieven-maken-de-stad--toolkit-energietransitie');
		expect(claims.video?.roomAdmin).toBeFalsy();
		expect(claims.sub).not.toBe('admin');
	});
});
