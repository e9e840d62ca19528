import { expect, test } from '@playwright/test';
import { E2E } from '../../playwright.config.ts';
import { expectAbsentThroughout, holdFirstToken, livekitOf, tracksIn } from './livekit-support.ts';
import { setClock, signUp } from './support.ts';

// This moves the "clock" server's programme clock, so it runs with the other clock tests.
test.describe.configure({ mode: 'serial' });

const SESSION = 'toekomst-wooncooperatie';

test('a connect still pending when the round ends and the programme moves the person on leaves nothing live', async ({
	page
}) => {
	await setClock(page, '2022-01-17T17:20:00+01:00');
	await signUp(page, 'Rik Rondeinde', 'rik-rondeinde@example.org');
	// The first token answer is held (asking for it placed Rik in the session of the round).
	const token = await holdFirstToken(page, SESSION);
	await page.goto(`/sessions/${SESSION}/room`);
	const pending = await token.answer;
	await expect(page.locator('[data-phase="connecting"]')).toBeVisible();
	const { rooms } = livekitOf(E2E.clock.dataDir);

	// The round ends: the programme sends everyone placed in it onwards (room:move).
	await setClock(page, '2022-01-17T18:15:01+01:00');
	await page.waitForURL((url) => url.pathname !== `/sessions/${SESSION}/room`, {
		timeout: 10_000
	});

	// Only now does the token reach the page: it must not join, publish or stay.
	token.release();
	await token.delivered;
	await expectAbsentThroughout(
		async () => (await tracksIn(rooms, pending.room, pending.identity)) !== undefined,
		6000,
		'the person moved on appears in the room of the round that ended'
	);
});
