import { expect, test } from '@playwright/test';
import type { BoardOp } from '../../src/lib/shared/board/schema.ts';
import { newId, type NewOp } from '../../src/lib/shared/board/sync.ts';
import { guestCookie } from '../support/http.ts';
import { TestClient } from '../support/realtime-client.ts';
import { INJECTED, XSS_CORPUS } from '../support/xss-corpus.ts';
import { cliInvite, signUp } from './support.ts';

// A brainstorm of round III: no other journey touches its board or chat. Questions (Q&A) go to
// the closing plenary, whose room shows them under a tab of their own.
const SESSION = 'brainstorm-overwaarde';
const ROOM = `/sessions/${SESSION}/room`;
const PLENARY = 'plenaire-afsluiting';

test('an XSS corpus through names, chat, questions, notes and group titles shows as text', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(120_000);
	const url = baseURL!;
	const context = await browser.newContext();
	const page = await context.newPage();
	let dialogs = 0;
	page.on('dialog', (d) => ((dialogs += 1), void d.dismiss()));
	await signUp(
		page,
		'Xandra Moderator',
		'xss.mod@example.org',
		await cliInvite('app', 'moderator', SESSION)
	);
	const session = (await context.cookies()).find((c) => c.name === 'plenair_session')!;
	const moderator = new TestClient(url, `plenair_session=${session.value}`);
	await moderator.connected();
	const clients = [moderator];
	const ok = async (reply: Promise<{ ok: boolean; error?: string }>) => {
		const answer = await reply;
		expect(answer.error).toBeUndefined();
	};
	const boardOp = (client: TestClient, op: NewOp) =>
		ok(client.request('board:op', { session: SESSION, op: { id: newId(), ...op } as BoardOp }));
	await ok(moderator.request('board:join', { session: SESSION }));
	await boardOp(moderator, { type: 'phase', to: 'collect' });

	// Each payload is a guest's name, their chat message, their question and their note.
	for (const [i, payload] of XSS_CORPUS.entries()) {
		const guest = new TestClient(url, await guestCookie(url, payload, `127.0.0.${40 + i}`));
		clients.push(guest);
		await guest.connected();
		await ok(
			guest.request('chat:send', {
				room: SESSION,
				id: crypto.randomUUID(),
				kind: 'message',
				text: payload
			})
		);
		await ok(
			guest.request('chat:send', {
				room: PLENARY,
				id: crypto.randomUUID(),
				kind: 'question',
				text: payload
			})
		);
		await ok(guest.request('board:join', { session: SESSION }));
		await boardOp(guest, { type: 'add-note', note: newId(), text: payload, question: 0 });
	}
	await boardOp(moderator, { type: 'phase', to: 'group' });
	for (const payload of XSS_CORPUS)
		await boardOp(moderator, { type: 'add-group', group: newId(), name: payload });

	await page.goto(ROOM);
	await expect(page.locator('[data-board-phase="group"]')).toBeVisible({ timeout: 15_000 });
	// The board is a brainstorm room's first tab; the chat is one tab further.
	for (const payload of XSS_CORPUS) {
		await expect(page.locator('.note', { hasText: payload }).first()).toBeVisible();
		await expect(page.getByRole('region', { name: payload, exact: true })).toBeVisible();
	}
	await page.getByRole('tab', { name: 'Chat' }).click();
	const log = page.getByRole('log', { name: 'Chat' });
	for (const payload of XSS_CORPUS)
		await expect(log.getByText(payload, { exact: true }).first()).toBeVisible();
	// Each payload shows at least twice in the chat: as a name and as a message.
	const logText = (await log.textContent()) ?? '';
	for (const payload of XSS_CORPUS)
		expect(logText.split(payload).length - 1, payload).toBeGreaterThanOrEqual(2);
	const untouched = async () => {
		await expect(page.locator(INJECTED)).toHaveCount(0);
		expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
		expect(dialogs).toBe(0);
	};
	await untouched();

	await page.goto(`/sessions/${PLENARY}/room`);
	await page.getByRole('tab', { name: 'Vragen' }).click();
	for (const payload of XSS_CORPUS)
		await expect(page.getByText(payload, { exact: true }).first()).toBeVisible();
	await untouched();
	clients.forEach((c) => c.close());
	await context.close();
});
