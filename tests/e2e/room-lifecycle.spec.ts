import { expect, test, type Browser, type BrowserContext } from '@playwright/test';
import { E2E } from '../../playwright.config.ts';
import { TestClient } from '../support/realtime-client.ts';
import { cliInvite } from '../support/admin-cli.ts';
import {
	expectAbsentThroughout,
	holdFirstToken,
	livekitOf,
	tracksIn,
	type TokenAnswer
} from './livekit-support.ts';
import { expectNoAxeViolations, joinAsGuest, joinRoom, signUp } from './support.ts';

/*
 * The room page's lifecycle against the real app and livekit-server ("app" server, clock at 17:20:
 * break-out round I is live). rooms.spec.ts counts the people in toekomst-wooncooperatie, so these
 * journeys use the round's other two rooms.
 */
const FROM = 'toolkit-energietransitie';
const TO = 'brainstorm-cooperatieve-tech';
const roomPath = (session: string) => `/sessions/${session}/room`;

/** An event-moderator invite, made with the admin command line against the "app" server. */
async function moderatorInvite(): Promise<string> {
	const app = { dataDir: E2E.app.dataDir, url: `http://127.0.0.1:${E2E.app.port}` };
	return `/invite/${await cliInvite(app, 'moderator', { uses: 1 })}`;
}

/** A guest's page and a moderator's, each in its own browser context; the moderator signs up. */
async function guestAndModerator(browser: Browser, moderatorName: string, email: string) {
	const [guestContext, moderatorContext] = await Promise.all([
		browser.newContext(),
		browser.newContext()
	]);
	const [guest, moderator] = await Promise.all([
		guestContext.newPage(),
		moderatorContext.newPage()
	]);
	await signUp(moderator, moderatorName, email, await moderatorInvite());
	return { guestContext, moderatorContext, guest, moderator };
}

async function moderatorSocket(context: BrowserContext, baseURL: string) {
	const cookies = await context.cookies();
	const client = new TestClient(baseURL, cookies.map((c) => `${c.name}=${c.value}`).join('; '), {
		reconnection: false
	});
	await client.connected();
	return client;
}

test('moved by a moderator, then back before the new room connected: nothing stays live in the room left', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(120_000);
	const { guestContext, moderatorContext, guest } = await guestAndModerator(
		browser,
		'Merel Moderator',
		'merel-lifecycle@example.org'
	);

	// The guest is live in FROM.
	const first = guest.waitForResponse(`**/api/sessions/${FROM}/token`);
	await joinAsGuest(guest, 'Pim Pending', roomPath(FROM));
	await joinRoom(guest, { mic: true, cam: true });
	const { room: fromRoom, identity } = (await (await first).json()) as TokenAnswer;
	const { rooms } = livekitOf(E2E.app.dataDir);
	await expect
		.poll(() => tracksIn(rooms, fromRoom, identity), { timeout: 20_000 })
		.toBeGreaterThan(0);

	// A moderator moves them to TO, whose token answer is held: that connect stays pending.
	const token = await holdFirstToken(guest, TO);
	const socket = await moderatorSocket(moderatorContext, baseURL!);
	expect(await socket.request('room:move-person', { from: FROM, identity, to: TO })).toEqual({
		ok: true
	});
	socket.close();
	await guest.waitForURL(`**${roomPath(TO)}`);
	const pending = await token.answer;
	await expect(guest.locator('[data-phase="connecting"]')).toBeVisible();
	// The move took them out of FROM.
	await expect.poll(() => tracksIn(rooms, fromRoom, identity), { timeout: 15_000 }).toBeUndefined();

	// Before TO connected, they go back to FROM (the page shows another session's room). They
	// joined FROM on this page before, so it takes them straight back in with their choice.
	await guest.goBack();
	await guest.waitForURL(`**${roomPath(FROM)}`);
	await expect(guest.locator('[data-prejoin]')).toHaveCount(0);
	await expect(guest.locator('[data-phase="connected"]')).toBeVisible({ timeout: 20_000 });
	await expect
		.poll(() => tracksIn(rooms, fromRoom, identity), { timeout: 15_000 })
		.toBeGreaterThan(0);

	// Only now does TO's token reach the page: it must not join, publish or stay there.
	token.release();
	await token.delivered;
	await expectAbsentThroughout(
		async () => (await tracksIn(rooms, pending.room, identity)) !== undefined,
		6000,
		'the person appears in the room the page no longer shows'
	);
	expect(await tracksIn(rooms, fromRoom, identity)).toBeGreaterThan(0);
	await Promise.all([guestContext.close(), moderatorContext.close()]);
});

test('a connect still pending when the person navigates away never goes live', async ({ page }) => {
	const token = await holdFirstToken(page, TO);
	await joinAsGuest(page, 'Nina Navigeert', roomPath(TO));
	await joinRoom(page, { mic: true, cam: true });
	const old = await token.answer;
	const { rooms } = livekitOf(E2E.app.dataDir);
	// Client-side navigation: the page's script (and its LiveRoom) lives on.
	await page.getByRole('link', { name: '← Programma' }).click();
	await page.waitForURL((url) => url.pathname === '/');
	token.release();
	await token.delivered;
	await expectAbsentThroughout(
		async () => (await tracksIn(rooms, old.room, old.identity)) !== undefined,
		6000,
		'the person who left appears in the room'
	);
});

test('a moderator removes a participant: the page says so, stays out, and a reload keeps them out', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const { guestContext, moderatorContext, guest, moderator } = await guestAndModerator(
		browser,
		'Mees Moderator',
		'mees-lifecycle@example.org'
	);
	const answered = guest.waitForResponse(`**/api/sessions/${FROM}/token`);
	await joinAsGuest(guest, 'Roos Removed', roomPath(FROM));
	await joinRoom(guest, { mic: true, cam: true });
	const { room, identity } = (await (await answered).json()) as TokenAnswer;
	await expect(guest.locator('[data-phase="connected"]')).toBeVisible({ timeout: 20_000 });
	const { rooms } = livekitOf(E2E.app.dataDir);
	await expect.poll(() => tracksIn(rooms, room, identity), { timeout: 15_000 }).toBeGreaterThan(0);

	await moderator.goto(roomPath(FROM));
	await joinRoom(moderator);
	// Removal is behind the person's "more" menu, and asks once more: it sticks until readmitted.
	await moderator
		.locator('[data-participant="Roos Removed"]')
		.getByRole('button', { name: 'Meer acties voor Roos Removed' })
		.click({ timeout: 30_000 });
	await moderator.getByRole('menuitem', { name: 'Uit de ruimte verwijderen…' }).click();
	await moderator
		.getByRole('alertdialog', { name: 'Roos Removed uit deze ruimte verwijderen?' })
		.getByRole('button', { name: 'Verwijder Roos Removed' })
		.click();

	const notice = guest.locator('[data-room-refused="removed"]');
	await expect(
		notice.getByRole('heading', { name: 'Je bent uit deze ruimte verwijderd' })
	).toBeVisible({ timeout: 10_000 });
	await expect(notice).toContainText('Een moderator heeft je uit deze ruimte verwijderd');
	await expect(notice.getByRole('link', { name: 'Terug naar het programma' })).toHaveAttribute(
		'href',
		'/'
	);
	await expect.poll(() => tracksIn(rooms, room, identity), { timeout: 10_000 }).toBeUndefined();
	// No silent rejoin: they stay out of LiveKit and the page never tries again.
	await expectAbsentThroughout(
		async () => (await tracksIn(rooms, room, identity)) !== undefined,
		5000,
		'the removed person is back in the room'
	);
	await expect(guest.locator('[data-phase]')).toHaveCount(0);
	await expectNoAxeViolations(guest);
	for (const [name, size] of [
		['desktop', { width: 1280, height: 800 }],
		['phone', { width: 390, height: 844 }]
	] as const) {
		await guest.setViewportSize(size);
		await guest.screenshot({ path: `test-results/screens/room-removed-${name}.png` });
	}

	// Reloading does not bring them back: the token endpoint refuses them (code "removed").
	const refused = guest.waitForResponse(`**/api/sessions/${FROM}/token`);
	await guest.reload();
	await joinRoom(guest, { mic: true, cam: true });
	expect((await refused).status()).toBe(403);
	await expect(
		notice.getByRole('heading', { name: 'Je bent uit deze ruimte verwijderd' })
	).toBeVisible();
	expect(await tracksIn(rooms, room, identity)).toBeUndefined();
	await Promise.all([guestContext.close(), moderatorContext.close()]);
});

test('the chat follows tall messages and a catch-up batch, and leaves a reader who scrolled up', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(120_000);
	const [readerContext, writerContext] = await Promise.all([
		browser.newContext(),
		browser.newContext()
	]);
	const [reader, writer] = await Promise.all([readerContext.newPage(), writerContext.newPage()]);
	await joinAsGuest(reader, 'Lotte Leest', roomPath(TO));
	await joinAsGuest(writer, 'Wim Schrijft', roomPath(TO));
	// Unique per run, so a rerun on the same server finds only its own messages.
	const tag = Date.now().toString(36);
	const log = reader.locator('[data-chat-log]');
	// A brainstorm opens on its board; the chat is the next tab (and stays chosen after a reload).
	await reader.getByRole('tab', { name: 'Chat' }).click();
	await expect(reader.getByRole('log', { name: 'Chat' })).toBeAttached();
	const socket = await moderatorSocket(writerContext, baseURL!);
	expect((await socket.request('chat:join', { room: TO })).ok).toBe(true);
	// One person may send 30 messages per 10 s, and refused attempts count towards the flood limit
	// that cuts the connection. So, like the page's own outbox, one message at a time: what the
	// limit refuses is sent again a second later, before anything behind it.
	let queue: Promise<unknown> = Promise.resolve();
	const sendNow = async (text: string) => {
		const id = crypto.randomUUID();
		for (let attempt = 0; attempt < 20; attempt++) {
			const result = await socket.request('chat:send', { room: TO, id, kind: 'message', text });
			if (result.ok) return;
			expect(result.retry, result.error).toBe(true);
			await new Promise((resolve) => setTimeout(resolve, 1000));
		}
		throw new Error(`not sent: ${text}`);
	};
	const send = (text: string) => {
		const sent = queue.then(() => sendNow(text));
		queue = sent.catch(() => undefined);
		return sent;
	};
	const gap = () =>
		log.evaluate((el) => Math.round(el.scrollHeight - el.scrollTop - el.clientHeight));
	const scrollable = () => log.evaluate((el) => el.scrollHeight > el.clientHeight);

	// A batch: many messages in quick succession, more than the list shows.
	await Promise.all(
		Array.from({ length: 25 }, (_, i) => send(`Bericht ${i + 1} uit reeks ${tag}`))
	);
	await expect(
		reader.getByRole('log', { name: 'Chat' }).getByText(`Bericht 25 uit reeks ${tag}`)
	).toBeAttached();
	expect(await scrollable()).toBe(true);
	await expect.poll(gap, { timeout: 15_000 }).toBeLessThanOrEqual(1);

	// One message taller than the list's follow margin.
	const tall = `Lang verhaal: ${'een zin die doorloopt en doorloopt '.repeat(26)}einde ${tag}`;
	await send(tall);
	await expect(reader.getByText(`einde ${tag}`)).toBeAttached();
	await expect.poll(gap, { timeout: 15_000 }).toBeLessThanOrEqual(1);

	// A catch-up batch: the reader reloads while others write; history arrives at once.
	await reader.reload();
	await Promise.all(
		Array.from({ length: 10 }, (_, i) => send(`Terwijl je weg was ${i + 1} (${tag})`))
	);
	await expect(
		reader.getByRole('log', { name: 'Chat' }).getByText(`Terwijl je weg was 10 (${tag})`)
	).toBeAttached({ timeout: 15_000 });
	await expect.poll(gap, { timeout: 15_000 }).toBeLessThanOrEqual(1);

	// Someone who scrolled up to read is left where they are.
	await log.evaluate((el) => (el.scrollTop = 0));
	await send(`Nog een bericht terwijl je terugleest (${tag})`);
	await expect(reader.getByText(`Nog een bericht terwijl je terugleest (${tag})`)).toBeAttached();
	expect(await log.evaluate((el) => el.scrollTop)).toBe(0);
	socket.close();
	await Promise.all([readerContext.close(), writerContext.close()]);
});
