import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAT_LIMITS } from '../../server/realtime/chat.ts';
import { ChatSync } from '../../src/lib/client/chat-sync.ts';
import { chatKeys } from '../../src/lib/server/redis-keys.ts';
import { startApp, startSecondNode, waitFor, type AppProcess } from '../support/app-process.ts';
import { cliInvite } from '../support/admin-cli.ts';
import { guestCookie, registerAndSignIn } from '../support/http.ts';
import { TestClient } from '../support/realtime-client.ts';

// Round I is live at 17:20; its breakouts have chats.
const ROOM = 'toekomst-wooncooperatie';
let nodeA: AppProcess;
let nodeB: AppProcess;
const clients: TestClient[] = [];

beforeAll(async () => {
	nodeA = await startApp({ NODE_ENV: 'test', PLENAIR_NOW: '2022-01-17T17:20:00+01:00' });
	// A second app node on the same Redis and LiveKit: what a load balancer would spread clients over.
	nodeB = await startSecondNode(nodeA, {
		NODE_ENV: 'test',
		PLENAIR_NOW: '2022-01-17T17:20:00+01:00'
	});
});
afterAll(async () => {
	clients.forEach((c) => c.close());
	await nodeB?.stop();
	await nodeA?.stop();
});

async function client(app: AppProcess, cookie?: string): Promise<TestClient> {
	const c = new TestClient(app.url, cookie);
	clients.push(c);
	await c.connected();
	return c;
}

async function following(app: AppProcess, name: string) {
	const c = await client(app, await guestCookie(app.url, name));
	const chat = new ChatSync(ROOM, c);
	chat.start();
	await waitFor(() => chat.joined, 5000);
	return { c, chat };
}

describe('chat across two app nodes', () => {
	it('delivers a message sent through node A to a client on node B, in order', async () => {
		const a = await following(nodeA, 'Aisha');
		const b = await following(nodeB, 'Bas');
		const ids = ['een', 'twee', 'drie', 'vier', 'vijf'].map((t) => a.chat.send(t));
		expect(await waitFor(() => ids.every((id) => b.chat.messages.has(id)), 5000)).toBe(true);
		expect(
			b.chat
				.sorted()
				.filter((m) => ids.includes(m.id))
				.map((m) => m.text)
		).toEqual(['een', 'twee', 'drie', 'vier', 'vijf']);
	});

	it('stores and delivers the same message id once, however often it is sent', async () => {
		const sender = await following(nodeA, 'Cor');
		const watcher = await following(nodeB, 'Dewi');
		let deliveries = 0;
		watcher.c.on('chat:message', () => deliveries++);
		const id = crypto.randomUUID();
		const results = await Promise.all(
			[1, 2, 3].map(() =>
				sender.c.request('chat:send', { room: ROOM, id, kind: 'message', text: 'eenmaal' })
			)
		);
		expect(results.every((r) => r.ok)).toBe(true);
		const streamIds = new Set(results.map((r) => (r.ok ? r.message.streamId : '')));
		expect(streamIds.size).toBe(1);
		await new Promise((r) => setTimeout(r, 300));
		expect(deliveries).toBe(1);
		const history = await watcher.c.request('chat:join', { room: ROOM });
		expect(history.ok && history.messages.filter((m) => m.id === id)).toHaveLength(1);
	});

	it('fills in all 100 messages a disconnected client missed, in order', async () => {
		// Ten senders, each within the per-person rate limit.
		const senders = await Promise.all(
			Array.from({ length: 10 }, async (_, i) =>
				client(nodeA, await guestCookie(nodeA.url, `Zender ${i}`))
			)
		);
		const away = await following(nodeB, 'Fons');
		away.c.socket.disconnect();
		const sent: string[] = [];
		for (let i = 0; i < 100; i++) {
			const result = await senders[i % 10].request('chat:send', {
				room: ROOM,
				id: crypto.randomUUID(),
				kind: 'message',
				text: `bericht ${i}`
			});
			expect(result.ok).toBe(true);
			if (result.ok) sent.push(result.message.id);
		}
		away.c.socket.connect();
		expect(await waitFor(() => sent.every((id) => away.chat.messages.has(id)), 10_000)).toBe(true);
		const order = away.chat
			.sorted()
			.filter((m) => sent.includes(m.id))
			.map((m) => m.id);
		expect(order).toEqual(sent);
	});

	it('lets a moderator delete a message for everyone, and keeps muted people quiet', async () => {
		const moderatorCookie = await registerAndSignIn(nodeA, 'chatmod@example.org', {
			invite: await cliInvite(nodeA, 'moderator', { session: ROOM })
		});
		const moderator = await client(nodeA, moderatorCookie);
		const writer = await following(nodeA, 'Gijs');
		const reader = await following(nodeB, 'Hanna');
		const id = writer.chat.send('iets wat weg moet');
		expect(await waitFor(() => reader.chat.messages.has(id), 5000)).toBe(true);

		expect((await writer.c.request('chat:delete', { room: ROOM, messageId: id })).ok).toBe(false);
		expect(await moderator.request('chat:delete', { room: ROOM, messageId: id })).toEqual({
			ok: true
		});
		expect(await waitFor(() => reader.chat.messages.get(id)?.deleted === true, 5000)).toBe(true);
		expect(reader.chat.messages.get(id)?.text).toBe('');

		expect(
			(
				await moderator.request('chat:mute', {
					room: ROOM,
					userId: writer.chat.messages.get(id)!.userId,
					scope: 'room',
					minutes: 5
				})
			).ok
		).toBe(true);
		const refused = await writer.c.request('chat:send', {
			room: ROOM,
			id: crypto.randomUUID(),
			kind: 'message',
			text: 'hallo?'
		});
		expect(refused).toEqual({ ok: false, error: 'you are muted in this chat', code: 'muted' });
	});

	it('refuses bad input with an error and stays connected', async () => {
		const c = await client(nodeA, await guestCookie(nodeA.url, 'Ivo'));
		expect(
			await c.raw('chat:send', { room: ROOM, id: 'not-a-uuid', kind: 'message', text: 'x' })
		).toMatchObject({ ok: false });
		expect(
			await c.raw('chat:send', {
				room: ROOM,
				id: crypto.randomUUID(),
				kind: 'message',
				text: 'x'.repeat(5000)
			})
		).toMatchObject({ ok: false });
		expect(
			await c.raw('chat:send', {
				room: 'no-such-room',
				id: crypto.randomUUID(),
				kind: 'message',
				text: 'x'
			})
		).toMatchObject({ ok: false, error: 'unknown session "no-such-room"' });
		expect(await c.raw('chat:join', 'garbage')).toMatchObject({ ok: false });
		expect(await c.raw('no-such-event', {})).toMatchObject({
			ok: false,
			error: 'unknown event "no-such-event"'
		});
		const anonymous = await client(nodeA);
		expect(
			await anonymous.request('chat:send', {
				room: ROOM,
				id: crypto.randomUUID(),
				kind: 'message',
				text: 'x'
			})
		).toEqual({ ok: false, error: 'sign in first', code: 'sign_in' });
		expect(c.socket.connected).toBe(true);
	});

	it('limits the rate per person with a clear error: a burst, then a steady rate', async () => {
		const c = await client(nodeA, await guestCookie(nodeA.url, 'Jet'));
		const send = (text: string) =>
			c.request('chat:send', { room: ROOM, id: crypto.randomUUID(), kind: 'message', text });
		const results = [];
		for (let i = 0; i <= CHAT_LIMITS.burst; i++) results.push(await send(`snel ${i}`));
		expect(results.slice(0, CHAT_LIMITS.burst).every((r) => r.ok)).toBe(true);
		expect(results.at(-1)).toMatchObject({ ok: false, error: expect.stringMatching(/^slow down/) });
		// Then one every 100 ms for 3 s: the bucket lets through its steady rate (3/s, so about 9),
		// never the 30 a ten-second window would have let through.
		const steady = [];
		const began = Date.now();
		for (let i = 0; i < 30; i++) {
			steady.push(await send(`daarna ${i}`));
			await new Promise((r) => setTimeout(r, 100));
		}
		const seconds = (Date.now() - began) / 1000;
		const through = steady.filter((r) => r.ok).length;
		expect(through).toBeGreaterThanOrEqual(Math.floor(seconds * CHAT_LIMITS.perSecond) - 2);
		expect(through).toBeLessThanOrEqual(Math.ceil(seconds * CHAT_LIMITS.perSecond) + 1);
		expect(through).toBeLessThan(20);
		// A resend of a stored message (after a reconnect) is answered, never refused by the limit.
		const first = results[0] as { ok: true; message: { id: string; text: string } };
		expect(
			await c.request('chat:send', {
				room: ROOM,
				id: first.message.id,
				kind: 'message',
				text: first.message.text
			})
		).toMatchObject({ ok: true, message: { id: first.message.id } });
	});

	it('holds people to slow mode and keeps banned people out', async () => {
		const moderator = await client(
			nodeA,
			await registerAndSignIn(nodeA, 'slowmod@example.org', {
				invite: await cliInvite(nodeA, 'moderator', { session: ROOM })
			})
		);
		const writer = await following(nodeB, 'Kees');
		const send = (text: string) =>
			writer.c.request('chat:send', { room: ROOM, id: crypto.randomUUID(), kind: 'message', text });
		expect(await moderator.request('chat:slow-mode', { room: ROOM, seconds: 30 })).toEqual({
			ok: true
		});
		expect(await waitFor(() => writer.chat.slowModeSeconds === 30, 5000)).toBe(true);
		const first = await send('eerste');
		if (!first.ok) throw new Error(first.error);
		expect(await send('tweede')).toEqual({
			ok: false,
			error: 'slow mode is on: wait a moment',
			code: 'slow_mode',
			retry: true
		});
		expect(await moderator.request('chat:slow-mode', { room: ROOM, seconds: 0 })).toEqual({
			ok: true
		});
		expect((await send('derde')).ok).toBe(true);

		const { userId } = first.message;
		expect((await moderator.request('chat:ban', { room: ROOM, userId, scope: 'room' })).ok).toBe(
			true
		);
		expect(await send('vierde')).toEqual({
			ok: false,
			error: 'you are banned from this chat',
			code: 'banned'
		});
	});

	it("shows the sender's role, set by the server, so nobody can pose as a moderator", async () => {
		const moderatorCookie = await registerAndSignIn(nodeA, 'badge-mod@example.org', {
			invite: await cliInvite(nodeA, 'moderator', { session: ROOM })
		});
		const moderator = new ChatSync(ROOM, await client(nodeA, moderatorCookie));
		moderator.start();
		const impostor = await following(nodeA, 'Moderator');
		const reader = await following(nodeB, 'Ilse');
		await waitFor(() => moderator.joined, 5000);

		const real = moderator.send('Welkom allemaal');
		const fake = impostor.chat.send('Ik ben de moderator');
		expect(
			await waitFor(() => reader.chat.messages.has(real) && reader.chat.messages.has(fake), 5000)
		).toBe(true);
		expect(reader.chat.messages.get(real)?.role).toBe('moderator');
		expect(reader.chat.messages.get(fake)?.role).toBeUndefined();
		// A client cannot claim a role: the payload is strict.
		expect(
			await impostor.c.raw('chat:send', {
				room: ROOM,
				id: crypto.randomUUID(),
				kind: 'message',
				text: 'echt waar',
				role: 'host'
			})
		).toMatchObject({ ok: false, code: 'invalid' });
		// The badge survives a fresh join (read back from the stream).
		const late = await following(nodeB, 'Joost');
		expect(await waitFor(() => late.chat.messages.has(real), 5000)).toBe(true);
		expect(late.chat.messages.get(real)?.role).toBe('moderator');
	});
});

describe('Q&A reads its own list of questions', () => {
	it('lists the questions without reading the whole chat, also in a room from before the list existed', async () => {
		const room = 'toolkit-energietransitie';
		const asker = await client(nodeA, await guestCookie(nodeA.url, 'Vraagsteller'));
		const reader = await client(nodeB, await guestCookie(nodeB.url, 'Lezer'));
		for (const c of [asker, reader]) expect((await c.request('chat:join', { room })).ok).toBe(true);
		const post = async (kind: 'message' | 'question', text: string) => {
			const r = await asker.request('chat:send', { room, id: crypto.randomUUID(), kind, text });
			if (!r.ok) throw new Error(r.error);
			return r.message.id;
		};
		const first = await post('question', 'Wie betaalt de warmtepomp?');
		for (let i = 0; i < 5; i++) await post('message', `gewoon bericht ${i}`);
		// A room whose questions predate the list: the list is built once, from the stream.
		const redis = new Redis(nodeA.redis!.url);
		await redis.del(chatKeys.room(room).questions, chatKeys.room(room).questionsIndexed);
		const listed = await reader.request('qa:list', { room });
		expect(listed.ok && listed.questions.map((q) => q.id)).toEqual([first]);
		const second = await post('question', 'Kan een coöperatie subsidie krijgen?');
		const again = await reader.request('qa:list', { room });
		expect(again.ok && again.questions.map((q) => q.id)).toEqual([first, second]);
		// The list holds the questions only, each once.
		expect(await redis.llen(chatKeys.room(room).questions)).toBe(2);
		redis.disconnect();
	});
});
