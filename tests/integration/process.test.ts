import { RoomServiceClient } from 'livekit-server-sdk';
import { afterEach, describe, expect, it } from 'vitest';
import {
	processGroupAlive,
	startApp,
	TEST_LIVEKIT_KEY,
	TEST_LIVEKIT_SECRET,
	waitFor,
	type AppProcess
} from '../support/app-process.ts';

let app: AppProcess | undefined;
afterEach(async () => {
	await app?.stop('SIGKILL');
	app = undefined;
});

describe('the Plenair process', () => {
	it('starts its own redis-server and livekit-server and reports ready', async () => {
		app = await startApp();
		expect(app.redis?.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
		expect(app.livekit?.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);

		const health = await fetch(`${app.url}/healthz`);
		expect(health.status).toBe(200);
		const ready = await fetch(`${app.url}/readyz`);
		expect(ready.status).toBe(200);
		expect(await ready.json()).toMatchObject({ ready: true });
	});

	it('lets the server SDK create and list rooms on the real livekit-server', async () => {
		app = await startApp();
		const rooms = new RoomServiceClient(
			app.livekit!.url.replace(/^ws/, 'http'),
			TEST_LIVEKIT_KEY,
			TEST_LIVEKIT_SECRET
		);
		await rooms.createRoom({ name: 'integration-room', emptyTimeout: 60 });
		const listed = await rooms.listRooms();
		expect(listed.map((r) => r.name)).toContain('integration-room');
	});

	it.each(['SIGTERM', 'SIGKILL'] as const)(
		'leaves no child process behind after %s',
		async (signal) => {
			app = await startApp();
			const groups = [app.redis!.processGroup!, app.livekit!.processGroup];
			expect(groups.every(processGroupAlive)).toBe(true);
			await app.stop(signal);
			expect(await waitFor(() => !groups.some(processGroupAlive), 10_000)).toBe(true);
		}
	);

	it('serves the programme page and a session page from the event file', async () => {
		app = await startApp({ PLENAIR_NOW: '2022-01-17T17:20:00+01:00' });
		const home = await fetch(app.url);
		expect(home.status).toBe(200);
		const html = await home.text();
		expect(html).toContain('Coöperatieven maken de stad');
		expect(html).toContain('Plenaire afsluiting');
		expect((await fetch(`${app.url}/sessions/plenaire-opening`)).status).toBe(200);
		expect((await fetch(`${app.url}/sessions/no-such-session`)).status).toBe(404);
	});

	it('refuses to start with a bad configuration and names the problem', async () => {
		await expect(startApp({ PLENAIR_CLOCK: 'sometimes' })).rejects.toThrow(/PLENAIR_CLOCK/);
	});

	it('refuses a webhook with a bad signature', async () => {
		app = await startApp();
		const res = await fetch(`${app.url}/api/livekit/webhook`, {
			method: 'POST',
			headers: { 'content-type': 'application/webhook+json', authorization: 'not-a-token' },
			body: JSON.stringify({ event: 'room_started' })
		});
		expect(res.status).toBe(401);
	});
});
