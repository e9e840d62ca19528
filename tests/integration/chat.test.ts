import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAT_LIMITS } from '../../server/realtime/chat.ts';
import { ChatSync } from '../../src/lib/client/chat-sync.ts';
import { ChatStore } from '../../src/lib/server/chat/chat-store.ts';
import { chatKeys } from '../../src/lib/server/redis-keys.ts';
import { compareStreamIds } from '../../src/lib/shared/chat/stream-ids.ts';
import { startApp, startSecondNode, waitFor, type AppProcess } from '../support/app-process.ts';
import { cliInvite } from '../support/admin-cli.ts';
import { guestCookie, registerAndSignIn } from '../support/http.ts';
import { TestClient } from '../support/realtime-client.ts';

// Round I is live at 17:20; its breakouts have chats.
const ROOM = 'toekomst-wooncooperatie';
let nodeA: AppProcess;
let nodeB: AppProcess;
const clients: TestClient[] = [];

const ENV = {
	NODE_ENV: 'test',
	PLENAIR_NOW: '2022-01-17T17:20:00+01:00',
	// Every person here is a guest signing in from one address.
	PLENAIR_GUEST_LIMIT_PER_IP: '100',
	// A handful of listeners make a busy room: the 50 ms tick, as for a 2,000-person plenary.
	PLENAIR_CHAT_WRITES_PER_SECOND: '100'
};
/**
 * Every chat broadcast node A publishes through Redis's pub/sub for the other nodes, as the default
 * adapter does (the sharded and streams adapters publish otherwise; the spy is for the default).
 */
const spied = (process.env.PLENAIR_SOCKET_ADAPTER ?? 'pubsub') === 'pubsub';
const published: string[] = [];
let spy: Redis;

beforeAll(async () => {
	nodeA = await startApp(ENV);
	spy = new Redis(nodeA.redis!.url);
	await spy.psubscribe('socket.io#*');
	spy.on('pmessageBuffer', (_pattern, _channel, message: Buffer) => {
		if (message.includes('chat:lines')) published.push(message.toString('latin1'));
	});
});
afterAll(async () => {
	clients.forEach((c) => c.close());
	spy?.disconnect();
	await nodeB?.stop();
	await nodeA?.stop();
});

/**
 * A second app node on the same Redis and LiveKit, what a load balancer would spread clients
 * over; started by the first test that needs it (the tests before it run on node A alone).
 */
async function secondNode(): Promise<AppProcess> {
	nodeB ??= await startSecondNode(nodeA, ENV);
	return nodeB;
}

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

describe('the chat wire on one node', () => {
	const LIVECAST = 'in-beeld-wonen-energie';

	it('sends a new message as one compact line, and nobody’s account id to any listener', async () => {
		const sender = await client(nodeA, await guestCookie(nodeA.url, 'Noor'));
		const anonymous = await client(nodeA);
		const guest = await client(nodeA, await guestCookie(nodeA.url, 'Olaf'));
		const heard = new Map<TestClient, string[]>([
			[anonymous, []],
			[guest, []]
		]);
		for (const [listener, frames] of heard) {
			listener.socket.onAny((event: string, payload: unknown) =>
				frames.push(JSON.stringify([event, payload]))
			);
			const joined = await listener.request('chat:join', { room: LIVECAST });
			expect(joined.ok).toBe(true);
			frames.push(JSON.stringify(joined));
		}
		const entered = await sender.request('chat:join', { room: LIVECAST });
		if (!entered.ok) throw new Error(entered.error);

		const lines: unknown[] = [];
		anonymous.on('chat:lines', (payload) => lines.push(payload));
		const id = crypto.randomUUID();
		const ack = await sender.request('chat:send', {
			room: LIVECAST,
			id,
			kind: 'message',
			text: 'Wie doet er mee?'
		});
		expect(ack).toEqual({ ok: true, id, streamId: expect.stringMatching(/^\d+-\d+$/) });
		const question = crypto.randomUUID();
		await sender.request('chat:send', {
			room: LIVECAST,
			id: question,
			kind: 'question',
			text: 'Hoe begin ik?'
		});
		expect(await waitFor(() => lines.length === 2, 5000)).toBe(true);
		const streamId = ack.ok ? ack.streamId : '';
		const author = entered.you;
		expect(author).toMatch(/^[A-Za-z0-9_-]{11}$/);
		// The whole broadcast: no defaults, no room per line, no account id.
		expect(lines[0]).toEqual([
			LIVECAST,
			[id, streamId, author, 'Noor', 'Wie doet er mee?', expect.any(Number)]
		]);
		expect(lines[1]).toEqual([
			LIVECAST,
			[
				question,
				expect.any(String),
				author,
				'Noor',
				'Hoe begin ik?',
				expect.any(Number),
				{ question: true }
			]
		]);

		// The account ids, as stored: in nothing a listener received, join answers included.
		const redis = new Redis(nodeA.redis!.url);
		const stored = await redis.xrange(chatKeys.room(LIVECAST).stream, '-', '+');
		redis.disconnect();
		const accounts = new Set(stored.map(([, f]) => f[f.indexOf('userId') + 1]));
		expect(accounts.size).toBeGreaterThan(0);
		for (const frames of heard.values())
			for (const account of accounts) expect(frames.join('\n')).not.toContain(account);
		// The pseudonym is per room: the same person is someone else in another chat.
		const elsewhere = await sender.request('chat:join', { room: ROOM });
		expect(elsewhere.ok && elsewhere.you).toMatch(/^[A-Za-z0-9_-]{11}$/);
		expect(elsewhere.ok && elsewhere.you).not.toBe(author);
	});

	it('enters a chat in one round trip: a screenful of messages, the questions and the settings', async () => {
		const room = 'samensturing-samenschuring';
		const senders = await Promise.all(
			['Piet', 'Quinta', 'Rik'].map(async (name) =>
				client(nodeA, await guestCookie(nodeA.url, name))
			)
		);
		const ids: string[] = [];
		for (let i = 0; i < 27; i++) {
			const r = await senders[i % 3].request('chat:send', {
				room,
				id: crypto.randomUUID(),
				kind: i === 0 ? 'question' : 'message',
				text: `bericht ${i}`
			});
			if (!r.ok) throw new Error(r.error);
			ids.push(r.id);
		}
		const reader = await client(nodeA, await guestCookie(nodeA.url, 'Sien'));
		const joined = await reader.request('chat:join', { room });
		if (!joined.ok) throw new Error(joined.error);
		expect(joined.messages.map((m) => m.id)).toEqual(ids.slice(-20));
		expect(joined.hasMore).toBe(true);
		expect(joined.questions.map((q) => q.id)).toEqual([ids[0]]);
		expect(joined).toMatchObject({ slowModeSeconds: 0, you: expect.any(String) });
		const older = await reader.request('chat:history', {
			room,
			before: joined.messages[0].streamId,
			limit: 50
		});
		expect(older.ok && older.messages.map((m) => m.id)).toEqual(ids.slice(0, 7));
	});

	it('sends a busy room’s messages in fewer frames, each once and in order, without Redis', async () => {
		const listener = await following(nodeA, 'Teun');
		const frames: string[][] = [];
		listener.c.on('chat:lines', ([room, ...lines]) => {
			if (room === ROOM) frames.push(lines.map(([id]) => id));
		});
		const senders = await Promise.all(
			Array.from({ length: 5 }, async (_, i) =>
				client(nodeA, await guestCookie(nodeA.url, `Drukte ${i}`))
			)
		);
		const before = published.length;
		// 20 messages at once, four from each: the first leaves at once, the rest share frames.
		const acks = await Promise.all(
			Array.from({ length: 20 }, (_, i) =>
				senders[i % 5].request('chat:send', {
					room: ROOM,
					id: crypto.randomUUID(),
					kind: 'message',
					text: `druk ${i}`
				})
			)
		);
		const stored = acks
			.map((a) => (a.ok ? a : undefined))
			.filter((a) => a !== undefined)
			.sort((x, y) => compareStreamIds(x.streamId, y.streamId))
			.map((a) => a.id);
		expect(stored).toHaveLength(20);
		expect(await waitFor(() => frames.flat().length >= 20, 5000)).toBe(true);
		expect(frames.flat()).toEqual(stored);
		expect(frames.length).toBeLessThan(20);
		// One node alone: nothing went through Redis's pub/sub.
		if (spied) expect(published.length - before).toBe(0);
	});
});

describe('chat across two app nodes', () => {
	it('a node that starts is heard at once: the first node broadcasts through Redis from then on', async () => {
		const sender = await following(nodeA, 'Ursula');
		const before = published.length;
		const node = await secondNode();
		const late = await following(node, 'Vera');
		const id = sender.chat.send('meteen gezien');
		expect(await waitFor(() => late.chat.messages.has(id), 5000)).toBe(true);
		if (spied) expect(published.length).toBeGreaterThan(before);
	});

	it('delivers a message sent through node A to a client on node B, in order', async () => {
		const a = await following(nodeA, 'Aisha');
		const b = await following(await secondNode(), 'Bas');
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
		const watcher = await following(await secondNode(), 'Dewi');
		const delivered: string[] = [];
		watcher.c.on('chat:lines', ([room, ...lines]) => {
			if (room === ROOM) delivered.push(...lines.map(([id]) => id));
		});
		const id = crypto.randomUUID();
		const results = await Promise.all(
			[1, 2, 3].map(() =>
				sender.c.request('chat:send', { room: ROOM, id, kind: 'message', text: 'eenmaal' })
			)
		);
		expect(results.every((r) => r.ok)).toBe(true);
		const streamIds = new Set(results.map((r) => (r.ok ? r.streamId : '')));
		expect(streamIds.size).toBe(1);
		// A later message marks the end: anything repeated would have come before it.
		const marker = sender.chat.send('daarna');
		expect(await waitFor(() => delivered.includes(marker), 5000)).toBe(true);
		expect(delivered.filter((d) => d === id)).toHaveLength(1);
		const history = await watcher.c.request('chat:join', { room: ROOM });
		expect(history.ok && history.messages.filter((m) => m.id === id)).toHaveLength(1);
	});

	it('tells the sender of a resend what Redis stored before its reply was lost, and nobody else', async () => {
		const sender = await following(nodeA, 'Ruud');
		const watcher = await following(nodeA, 'Sanne');
		const delivered: string[] = [];
		watcher.c.on('chat:lines', ([room, ...lines]) => {
			if (room === ROOM) delivered.push(...lines.map(([id]) => id));
		});
		// Redis ran the send and died before replying: stored, never broadcast, unknown to the sender.
		const redis = new Redis(nodeA.redis!.url);
		const id = crypto.randomUUID();
		const stored = await new ChatStore(redis).send(
			{
				id,
				room: ROOM,
				kind: 'message',
				userId: 'guest:ruud',
				name: 'Ruud',
				text: 'verloren',
				at: 0
			},
			{ socketId: 'lost-reply', ...CHAT_LIMITS }
		);
		redis.disconnect();
		expect(stored.status === 'stored' && stored.created).toBe(true);
		const resend = await sender.c.request('chat:send', {
			room: ROOM,
			id,
			kind: 'message',
			text: 'verloren'
		});
		expect(resend.ok).toBe(true);
		expect(await waitFor(() => sender.chat.messages.has(id), 5000)).toBe(true);
		const marker = sender.chat.send('daarna');
		expect(await waitFor(() => delivered.includes(marker), 5000)).toBe(true);
		expect(delivered).not.toContain(id);
	});

	it('fills in all 100 messages a disconnected client missed, in order', async () => {
		// Ten senders, each within the per-person rate limit.
		const senders = await Promise.all(
			Array.from({ length: 10 }, async (_, i) =>
				client(nodeA, await guestCookie(nodeA.url, `Zender ${i}`))
			)
		);
		const away = await following(await secondNode(), 'Fons');
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
			if (result.ok) sent.push(result.id);
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
		const reader = await following(await secondNode(), 'Hanna');
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
					messageId: id,
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
		const first = results[0] as { ok: true; id: string; streamId: string };
		expect(
			await c.request('chat:send', { room: ROOM, id: first.id, kind: 'message', text: 'snel 0' })
		).toEqual({ ok: true, id: first.id, streamId: first.streamId });
	});

	it('holds people to slow mode and keeps banned people out', async () => {
		const moderator = await client(
			nodeA,
			await registerAndSignIn(nodeA, 'slowmod@example.org', {
				invite: await cliInvite(nodeA, 'moderator', { session: ROOM })
			})
		);
		const writer = await following(await secondNode(), 'Kees');
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

		expect(
			(await moderator.request('chat:ban', { room: ROOM, messageId: first.id, scope: 'room' })).ok
		).toBe(true);
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
		const reader = await following(await secondNode(), 'Ilse');
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
		const late = await following(await secondNode(), 'Joost');
		expect(await waitFor(() => late.chat.messages.has(real), 5000)).toBe(true);
		expect(late.chat.messages.get(real)?.role).toBe('moderator');
	});
});

describe('Q&A reads its own list of questions', () => {
	it('lists the questions on entering without reading the whole chat, also in a room from before the list existed', async () => {
		const room = 'toolkit-energietransitie';
		const asker = await client(nodeA, await guestCookie(nodeA.url, 'Vraagsteller'));
		const reader = await client(await secondNode(), await guestCookie(nodeA.url, 'Lezer'));
		for (const c of [asker, reader]) expect((await c.request('chat:join', { room })).ok).toBe(true);
		const post = async (kind: 'message' | 'question', text: string) => {
			const r = await asker.request('chat:send', { room, id: crypto.randomUUID(), kind, text });
			if (!r.ok) throw new Error(r.error);
			return r.id;
		};
		const questionsOnEntering = async () => {
			const joined = await reader.request('chat:join', { room });
			if (!joined.ok) throw new Error(joined.error);
			return joined.questions.map((q) => q.id);
		};
		const first = await post('question', 'Wie betaalt de warmtepomp?');
		for (let i = 0; i < 5; i++) await post('message', `gewoon bericht ${i}`);
		// A room whose questions predate the list: the list is built once, from the stream.
		const redis = new Redis(nodeA.redis!.url);
		await redis.del(chatKeys.room(room).questions, chatKeys.room(room).questionsIndexed);
		expect(await questionsOnEntering()).toEqual([first]);
		const second = await post('question', 'Kan een coöperatie subsidie krijgen?');
		expect(await questionsOnEntering()).toEqual([first, second]);
		// The list holds the questions only, each once.
		expect(await redis.llen(chatKeys.room(room).questions)).toBe(2);
		redis.disconnect();
	});
});
