import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presenceKeys } from '../../src/lib/server/redis-keys.ts';
import {
	startAppWithRedis,
	stopAppWithRedis,
	waitFor,
	type AppProcess
} from '../support/app-process.ts';
import { registerAndSignIn } from '../support/http.ts';
import { deliverWebhook, postWebhook, signWebhook } from '../support/livekit-webhook.ts';

let app: AppProcess;
let redis: Redis;
const ROOM = 'cooperatieven-maken-de-stad--toekomst-wooncooperatie';

beforeAll(async () => {
	({ app, redis } = await startAppWithRedis({
		NODE_ENV: 'test',
		PLENAIR_NOW: '2022-01-17T17:20:00+01:00'
	}));
});
afterAll(() => stopAppWithRedis(app, redis));

const deliver = (event: object) => deliverWebhook(app, event);

const joined = (identity: string, name: string) => ({
	event: 'participant_joined',
	room: { name: ROOM, sid: 'RM_1' },
	participant: { identity, name, sid: `PA_${identity}` }
});

describe('LiveKit webhooks', () => {
	it('counts who is in a room and keeps their attendance', async () => {
		expect((await deliver(joined('u1', 'Anouk'))).status).toBe(200);
		expect((await deliver(joined('u2', 'Bram'))).status).toBe(200);
		expect(
			await waitFor(
				async () => (await redis.scard(presenceKeys('toekomst-wooncooperatie').now)) === 2,
				5000
			)
		).toBe(true);
		const home = await (await fetch(app.url)).text();
		expect(home).toContain('data-present="2"');

		await deliver({ ...joined('u1', 'Anouk'), event: 'participant_left' });
		expect(
			await waitFor(
				async () => (await redis.scard(presenceKeys('toekomst-wooncooperatie').now)) === 1,
				5000
			)
		).toBe(true);
	});

	it('refuses a bad signature and changes nothing', async () => {
		const before = await redis.lrange(presenceKeys('toekomst-wooncooperatie').log, 0, -1);
		const body = JSON.stringify(joined('intruder', 'Mallory'));
		const forged = await signWebhook(body, 'not-the-secret-but-long-enough-0123456789');
		expect((await postWebhook(app, body, forged)).status).toBe(401);
		const tampered = await postWebhook(
			app,
			body.replace('Mallory', 'Mallory2'),
			await signWebhook(body)
		);
		expect(tampered.status).toBe(401);
		// Accepted webhooks are recorded in the order they arrive: once a genuine one sent after
		// the refused ones is in the log, anything the refused ones had caused would be there too.
		expect((await deliver(joined('witness', 'Wendy'))).status).toBe(200);
		const log = () => redis.lrange(presenceKeys('toekomst-wooncooperatie').log, 0, -1);
		expect(await waitFor(async () => (await log()).length > before.length, 5000)).toBe(true);
		const after = await log();
		expect(after.slice(0, before.length)).toEqual(before);
		expect(after.slice(before.length).map((line) => JSON.parse(line) as unknown)).toEqual([
			expect.objectContaining({ identity: 'witness', kind: 'join' })
		]);
	});

	it('gives the attendance report to moderators only', async () => {
		const attendee = await registerAndSignIn(app, 'curious@example.org');
		expect((await fetch(`${app.url}/sessions/toekomst-wooncooperatie/attendance.csv`)).status).toBe(
			401
		);
		expect(
			(
				await fetch(`${app.url}/sessions/toekomst-wooncooperatie/attendance.csv`, {
					headers: { cookie: attendee }
				})
			).status
		).toBe(403);
	});
});
