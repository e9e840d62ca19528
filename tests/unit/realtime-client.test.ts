import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Realtime } from '../../src/lib/client/realtime.svelte.ts';
import { ServerClock } from '../../src/lib/client/server-clock.svelte.ts';

/*
 * The browser's Realtime with socket.io-client's socket replaced by one the test drives: it
 * records what is sent and lets the test open, drop and refuse the connection. The real
 * connection against the app: tests/e2e (every page holds one).
 */
const fake = vi.hoisted(() => {
	type Listener = (...args: unknown[]) => void;
	class FakeSocket {
		connected = false;
		/** Socket.IO's own reconnection is under way. */
		active = false;
		connects = 0;
		disconnects = 0;
		timeouts: number[] = [];
		emitted: { event: string; payload: unknown }[] = [];
		answer: (event: string, payload: unknown) => Promise<unknown> = async () => ({ ok: true });
		readonly listeners = new Map<string, Set<Listener>>();
		on(event: string, listener: Listener) {
			const set = this.listeners.get(event) ?? new Set();
			set.add(listener);
			this.listeners.set(event, set);
			return this;
		}
		off(event: string, listener: Listener) {
			this.listeners.get(event)?.delete(listener);
			return this;
		}
		connect() {
			this.connects++;
			return this;
		}
		disconnect() {
			this.disconnects++;
			return this;
		}
		timeout(ms: number) {
			this.timeouts.push(ms);
			return {
				emitWithAck: (event: string, payload: unknown) => {
					this.emitted.push({ event, payload });
					return this.answer(event, payload);
				}
			};
		}
		/** The server side: an event arrives on this socket. */
		fire(event: string, ...args: unknown[]) {
			this.listeners.get(event)?.forEach((listener) => listener(...args));
		}
		open() {
			this.connected = true;
			this.fire('connect');
		}
		drop() {
			this.connected = false;
			this.fire('disconnect', 'transport close');
		}
	}
	return { FakeSocket, sockets: [] as { socket: FakeSocket; options: unknown }[] };
});

vi.mock('socket.io-client', () => ({
	io: (options: unknown) => {
		const socket = new fake.FakeSocket();
		fake.sockets.push({ socket, options });
		return socket;
	}
}));

const SERVER_NOW = Date.parse('2022-01-17T17:20:00Z');

function setup() {
	const clock = new ServerClock(SERVER_NOW);
	const realtime = new Realtime(clock);
	const { socket, options } = fake.sockets.at(-1)!;
	return { clock, realtime, socket, options };
}

beforeEach(() => vi.useFakeTimers({ now: Date.parse('2030-05-01T08:00:00Z') }));
afterEach(() => {
	vi.useRealTimers();
	fake.sockets.length = 0;
});

describe('Realtime (the browser’s connection)', () => {
	it('makes one WebSocket-only socket on /socket.io and connects only when asked', () => {
		const { realtime, socket, options } = setup();
		expect(options).toEqual({ path: '/socket.io', transports: ['websocket'], autoConnect: false });
		expect(socket.connects).toBe(0);
		const leave = realtime.connect();
		expect(socket.connects).toBe(1);
		leave();
		expect(socket.disconnects).toBe(1);
	});

	it('on connect: says so, runs the connect handlers, and sets the clock to the server’s', async () => {
		const { realtime, socket, clock } = setup();
		const connected: string[] = [];
		realtime.onConnect(() => connected.push('chat'));
		realtime.onConnect(() => connected.push('board'));
		expect(connected).toEqual([]);
		// The server's clock reads 18:00:00 when it answers; the answer takes 300 ms there and back.
		let answer!: (value: unknown) => void;
		socket.answer = () => new Promise((resolve) => (answer = resolve));
		realtime.connect();
		socket.open();
		expect(realtime.connected).toBe(true);
		expect(connected).toEqual(['chat', 'board']);
		expect(socket.emitted).toEqual([
			{ event: 'clock:sync', payload: { clientSentAt: Date.parse('2030-05-01T08:00:00Z') } }
		]);
		expect(clock.now).toBe(Date.parse('2022-01-17T17:20:00Z'));
		await vi.advanceTimersByTimeAsync(300);
		answer({ ok: true, now: Date.parse('2022-01-17T18:00:00Z') });
		await vi.advanceTimersByTimeAsync(0);
		expect(clock.now).toBe(Date.parse('2022-01-17T18:00:00.150Z'));
		socket.drop();
		expect(realtime.connected).toBe(false);
	});

	it('a connect handler added while connected runs at once, then on every reconnect until removed', () => {
		const { realtime, socket } = setup();
		realtime.connect();
		socket.open();
		let runs = 0;
		const off = realtime.onConnect(() => runs++);
		expect(runs).toBe(1);
		socket.drop();
		socket.open();
		expect(runs).toBe(2);
		off();
		socket.drop();
		socket.open();
		expect(runs).toBe(2);
	});

	it('node:handoff: closes and connects again at once (through the balancer), unless the page left', () => {
		const { realtime, socket } = setup();
		const leave = realtime.connect();
		socket.open();
		let serverEnded = 0;
		realtime.onServerDisconnect(() => serverEnded++);
		socket.fire('node:handoff', {});
		expect(socket.disconnects).toBe(1);
		expect(socket.connects).toBe(2);
		expect(serverEnded).toBe(0);
		leave();
		socket.fire('node:handoff', {});
		expect(socket.connects).toBe(2);
	});

	it('tells the page when the server ends the connection, and connects again when asked', () => {
		const { realtime, socket } = setup();
		realtime.connect();
		socket.open();
		let ended = 0;
		const off = realtime.onServerDisconnect(() => ended++);
		// A lost connection is Socket.IO's to mend: not the page's.
		socket.drop();
		expect(ended).toBe(0);
		socket.open();
		socket.connected = false;
		socket.fire('disconnect', 'io server disconnect');
		expect(ended).toBe(1);
		expect(realtime.connected).toBe(false);
		realtime.reconnect();
		expect(socket.connects).toBe(2);
		// Connected (or on the way): nothing more.
		socket.open();
		realtime.reconnect();
		expect(socket.connects).toBe(2);
		off();
		socket.connected = false;
		socket.fire('disconnect', 'io server disconnect');
		expect(ended).toBe(1);
	});

	it('does not connect again once the page let go of the connection', () => {
		const { realtime, socket } = setup();
		const leave = realtime.connect();
		socket.open();
		leave();
		socket.connected = false;
		realtime.reconnect();
		expect(socket.connects).toBe(1);
	});

	it('sends a request with an 8 s limit and resolves with the server’s answer', async () => {
		const { realtime, socket } = setup();
		socket.answer = async () => ({ ok: true, messages: [], slowModeSeconds: 0, hasMore: false });
		const answer = await realtime.request('chat:join', { room: 'zaal-a' });
		expect(answer).toEqual({ ok: true, messages: [], slowModeSeconds: 0, hasMore: false });
		expect(socket.emitted).toEqual([{ event: 'chat:join', payload: { room: 'zaal-a' } }]);
		expect(new Set(socket.timeouts)).toEqual(new Set([8000]));
	});

	it('no answer in time is a refusal "unavailable" (retryable), never a thrown error', async () => {
		const { realtime, socket } = setup();
		socket.answer = () => Promise.reject(new Error('operation has timed out'));
		const answer = await realtime.request('chat:send', {
			room: 'zaal-a',
			id: '0b7f4a4e-6b8a-4c53-9a57-1f0e6f1d2c3b',
			kind: 'message',
			text: 'hallo'
		});
		expect(answer).toMatchObject({ ok: false, code: 'unavailable', retry: true });
	});

	it('a refused handshake is tried again after 2 s, while the page still wants the connection', () => {
		const { realtime, socket } = setup();
		const leave = realtime.connect();
		socket.fire('connect_error', new Error('database out of reach'));
		vi.advanceTimersByTime(1_999);
		expect(socket.connects).toBe(1);
		vi.advanceTimersByTime(1);
		expect(socket.connects).toBe(2);

		// Socket.IO retries a lost connection itself: no second attempt of ours.
		socket.active = true;
		socket.fire('connect_error', new Error('lost'));
		vi.advanceTimersByTime(10_000);
		expect(socket.connects).toBe(2);

		// After leaving, a late refusal starts nothing.
		socket.active = false;
		socket.fire('connect_error', new Error('refused'));
		leave();
		vi.advanceTimersByTime(10_000);
		expect(socket.connects).toBe(2);
	});

	it('clock:changed (a rehearsal moved the clock) syncs the clock again', async () => {
		const { realtime, socket, clock } = setup();
		socket.answer = async () => ({ ok: true, now: Date.parse('2022-01-17T21:00:00Z') });
		realtime.connect();
		socket.fire('clock:changed', {});
		await vi.advanceTimersByTimeAsync(0);
		expect(clock.now).toBe(Date.parse('2022-01-17T21:00:00Z'));
		expect(socket.emitted.map((e) => e.event)).toEqual(['clock:sync']);
	});

	it('on() passes server events to the handler until its unsubscribe is called', () => {
		const { realtime, socket } = setup();
		const seen: unknown[] = [];
		const off = realtime.on('room:closing', (p) => seen.push(p));
		socket.fire('room:closing', { session: 'zaal-a', closesAt: 1 });
		off();
		socket.fire('room:closing', { session: 'zaal-a', closesAt: 2 });
		expect(seen).toEqual([{ session: 'zaal-a', closesAt: 1 }]);
	});
});
