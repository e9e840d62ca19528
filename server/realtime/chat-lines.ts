import type { ChatLine } from '../../src/lib/shared/realtime/chat.ts';

/** The longest a message waits to share a frame with others of its room. */
export const CHAT_MAX_TICK_MS = 50;

/**
 * A room's tick from its audience on this node: each frame costs one write per listener, so the
 * tick grows with the audience until a busy room costs about `writesPerSecond` (2,000 listeners
 * at 40,000 writes a second: 50 ms, at most 20 frames a second; 100 listeners: 2.5 ms; a
 * breakout: at once). The tick stops at its maximum, so latency never grows past it.
 */
export function tickFor(listeners: number, writesPerSecond: number): number {
	return Math.min(CHAT_MAX_TICK_MS, (listeners * 1000) / writesPerSecond);
}

interface Clock {
	now(): number;
	setTimeout(run: () => void, ms: number): unknown;
	clearTimeout(timer: unknown): void;
}

const realClock: Clock = {
	now: () => performance.now(),
	setTimeout: (run, ms) => setTimeout(run, ms),
	clearTimeout: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>)
};

interface RoomQueue {
	lines: ChatLine[];
	lastSent: number;
	timer?: unknown;
}

/**
 * Coalesces a room's new messages into one broadcast per tick. A quiet room (nothing sent within
 * the last tick) sends a message at once; in a busy one, what arrives within the tick waits for
 * its end and leaves as one frame, so 2,000 listeners cost one frame each per tick, not one per
 * message. The tick adapts to the room's audience (tickFor). Lines leave in the order they came.
 * (A queue per room stays: rooms are the programme's sessions, a bounded set.)
 */
export class LineCoalescer {
	readonly #rooms = new Map<string, RoomQueue>();
	readonly #send: (room: string, lines: ChatLine[]) => void;
	readonly #tickMs: (room: string) => number;
	readonly #clock: Clock;

	/** `tickMs` gives a room's tick now (see tickFor). */
	constructor(
		send: (room: string, lines: ChatLine[]) => void,
		tickMs: (room: string) => number,
		clock: Clock = realClock
	) {
		this.#send = send;
		this.#tickMs = tickMs;
		this.#clock = clock;
	}

	push(room: string, line: ChatLine): void {
		const now = this.#clock.now();
		const queue = this.#rooms.get(room) ?? { lines: [], lastSent: -Infinity };
		this.#rooms.set(room, queue);
		queue.lines.push(line);
		if (queue.timer !== undefined) return;
		const wait = queue.lastSent + this.#tickMs(room) - now;
		if (wait <= 0) this.#flush(room, queue, now);
		// The tick counts from when the frame was due, not from when the timer ran (always a little
		// later): otherwise a room sending once per tick drifts, and its messages wait longer each time.
		else queue.timer = this.#clock.setTimeout(() => this.#flush(room, queue, now + wait), wait);
	}

	/** Sends everything waiting now (a node shutting down). */
	flushAll(): void {
		for (const [room, queue] of this.#rooms) {
			if (queue.timer !== undefined) this.#clock.clearTimeout(queue.timer);
			if (queue.lines.length) this.#flush(room, queue, this.#clock.now());
		}
	}

	#flush(room: string, queue: RoomQueue, at: number): void {
		const lines = queue.lines;
		queue.lines = [];
		queue.timer = undefined;
		queue.lastSent = at;
		this.#send(room, lines);
	}
}
