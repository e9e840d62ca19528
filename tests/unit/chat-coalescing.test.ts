import { describe, expect, it } from 'vitest';
import { LineCoalescer, tickFor } from '../../server/realtime/chat-lines.ts';
import { PeerNodes } from '../../server/realtime/peer-nodes.ts';
import type { ChatLine } from '../../src/lib/shared/realtime/chat.ts';

/** A clock the test moves by hand, with the timers due by then. */
function manualClock() {
	let now = 1000;
	const timers: { at: number; run: () => void; done: boolean }[] = [];
	return {
		now: () => now,
		setTimeout: (run: () => void, ms: number) => {
			const timer = { at: now + ms, run, done: false };
			timers.push(timer);
			return timer;
		},
		clearTimeout: (timer: unknown) => void ((timer as { done: boolean }).done = true),
		advance(ms: number) {
			now += ms;
			for (const t of timers.filter((t) => !t.done && t.at <= now)) {
				t.done = true;
				t.run();
			}
		}
	};
}

const line = (n: number): ChatLine => [
	`00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
	`1-${n}`,
	'annaAuthor1',
	'Anna',
	`bericht ${n}`,
	n
];

describe('LineCoalescer', () => {
	it('sends a quiet room’s message at once, and a busy room’s within one tick, in order', () => {
		const clock = manualClock();
		const frames: [string, number[]][] = [];
		const lines = new LineCoalescer(
			(room, sent) => frames.push([room, sent.map((l) => l[5])]),
			() => 40,
			clock
		);
		lines.push('zaal', line(1));
		expect(frames).toEqual([['zaal', [1]]]);
		clock.advance(10);
		lines.push('zaal', line(2));
		lines.push('zaal', line(3));
		// Another room is not held up by this one.
		lines.push('kamer', line(4));
		expect(frames).toEqual([
			['zaal', [1]],
			['kamer', [4]]
		]);
		clock.advance(29);
		expect(frames).toHaveLength(2);
		clock.advance(1);
		expect(frames.at(-1)).toEqual(['zaal', [2, 3]]);
		// Quiet again for a tick: the next one goes at once.
		clock.advance(40);
		lines.push('zaal', line(5));
		expect(frames.at(-1)).toEqual(['zaal', [5]]);
	});

	it('keeps a room that sends once per tick on its beat when timers run late', () => {
		const clock = manualClock();
		const sentAt: number[] = [];
		const lines = new LineCoalescer(
			() => sentAt.push(clock.now()),
			() => 50,
			clock
		);
		lines.push('zaal', line(1));
		clock.advance(49);
		lines.push('zaal', line(2));
		// The timer due at 1050 runs 2 ms late.
		clock.advance(3);
		clock.advance(47);
		lines.push('zaal', line(3));
		clock.advance(1);
		expect(sentAt).toEqual([1000, 1052, 1100]);
	});

	it('sends what waits when the node shuts down', () => {
		const clock = manualClock();
		const frames: number[][] = [];
		const lines = new LineCoalescer(
			(_, sent) => frames.push(sent.map((l) => l[5])),
			() => 40,
			clock
		);
		lines.push('zaal', line(1));
		lines.push('zaal', line(2));
		lines.flushAll();
		expect(frames).toEqual([[1], [2]]);
		clock.advance(100);
		expect(frames).toEqual([[1], [2]]);
	});
});

describe('tickFor', () => {
	it('sends a small room at once and keeps a big one at about 40,000 writes a second, 50 ms at most', () => {
		expect(tickFor(0, 40_000)).toBe(0);
		expect(tickFor(12, 40_000)).toBe(0.3);
		expect(tickFor(1000, 40_000)).toBe(25);
		expect(tickFor(2000, 40_000)).toBe(50);
		expect(tickFor(10_000, 40_000)).toBe(50);
	});

	it('holds each room to its own tick', () => {
		const clock = manualClock();
		const frames: string[] = [];
		const ticks: Record<string, number> = { plenaire: 50, breakout: 0.5 };
		const lines = new LineCoalescer(
			(room) => frames.push(room),
			(room) => ticks[room],
			clock
		);
		lines.push('plenaire', line(1));
		lines.push('breakout', line(2));
		clock.advance(1);
		lines.push('plenaire', line(3));
		lines.push('breakout', line(4));
		expect(frames).toEqual(['plenaire', 'breakout', 'breakout']);
		clock.advance(49);
		expect(frames).toEqual(['plenaire', 'breakout', 'breakout', 'plenaire']);
	});
});

describe('PeerNodes', () => {
	it('is alone only after a count of one, and not while a node that just started may be uncounted', async () => {
		let now = 0;
		let nodes = 1;
		let answer: (() => void) | undefined;
		const peers = new PeerNodes(
			() =>
				new Promise<number>((resolve) => {
					const counted = nodes;
					answer = () => resolve(counted);
				}),
			() => now
		);
		expect(peers.alone).toBe(false);
		let counting = peers.recount();
		answer!();
		await counting;
		expect(peers.alone).toBe(true);

		// A count under way when a node announces itself does not count it: it is ignored.
		counting = peers.recount();
		peers.joined();
		answer!();
		await counting;
		expect(peers.alone).toBe(false);
		// Nor does a count soon after, before the new node's subscription shows.
		counting = peers.recount();
		answer!();
		await counting;
		expect(peers.alone).toBe(false);
		// Once it is gone and the grace has passed, alone again.
		now += 10_000;
		nodes = 1;
		counting = peers.recount();
		answer!();
		await counting;
		expect(peers.alone).toBe(true);
	});

	it('assumes peers when counting fails', async () => {
		const peers = new PeerNodes(() => Promise.reject(new Error('redis down')));
		await peers.recount();
		expect(peers.alone).toBe(false);
	});
});
