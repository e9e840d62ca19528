// A load-generator process: N listeners that record each chat message's delivery latency,
// measured from the sender's intended send time. Run with: node --import tsx bench/lib/listeners.ts
import hdr from 'hdr-histogram-js';
import { newHistogram } from './histogram.ts';
import { parseMarker } from './messages.ts';
import { WireClient } from './socketio-wire.ts';

export interface ListenerTask {
	url: string;
	cookies: (string | undefined)[];
	/** Plenair: join this chat room after connecting; bare: nothing to join. */
	room?: string;
}

export interface ListenerReport {
	/** Deliveries of the current run within the timeout. */
	delivered: number;
	/** Deliveries of the current run that came later than the timeout (they count as lost). */
	late: number;
	histogram: string;
	/** First and last delivery of the current run (ms since the epoch), 0 when none. */
	firstAt: number;
	lastAt: number;
	/** WebSocket payload bytes of chat broadcast frames of the current run. */
	bytes: number;
	cpuSeconds: number;
	/** Worst event-loop lag seen, ms: a saturated generator shows here. */
	maxLoopLagMs: number;
}

const histogram = newHistogram();
let run = '';
let timeoutMs = 1000;
let delivered = 0;
let late = 0;
let bytes = 0;
let firstAt = 0;
let lastAt = 0;
const clients: WireClient[] = [];

/** One chat text: counted when it belongs to the current run. */
function onText(text: string, now: number): boolean {
	const marker = parseMarker(text);
	if (!marker || marker.run !== run) return false;
	const latency = Math.max(1, now - marker.intendedAt);
	if (latency > timeoutMs) late++;
	else {
		delivered++;
		histogram.recordValue(latency);
	}
	firstAt ||= now;
	lastAt = now;
	return true;
}

/** Plenair sends `chat:lines` ([room, line…], the text at line[4]); the bare server `chat:message`. */
function onEvent(event: string, payload: unknown, frameBytes: number) {
	const now = Date.now();
	let counted = false;
	if (event === 'chat:lines')
		for (const line of (payload as unknown[]).slice(1) as unknown[][])
			counted = onText(String(line[4]), now) || counted;
	else if (event === 'chat:message')
		counted = onText((payload as { text?: string }).text ?? '', now);
	if (counted) bytes += frameBytes;
}

let maxLag = 0;
let expected = Date.now() + 100;
setInterval(() => {
	maxLag = Math.max(maxLag, Date.now() - expected);
	expected = Date.now() + 100;
}, 100).unref();

process.on(
	'message',
	async (
		message:
			| { type: 'start'; task: ListenerTask }
			| { type: 'reset'; run: string; timeoutMs: number }
			| { type: 'report' }
			| { type: 'stop' }
	) => {
		if (message.type === 'start') {
			const { url, cookies, room } = message.task;
			for (let i = 0; i < cookies.length; i += 50) {
				await Promise.all(
					cookies.slice(i, i + 50).map(async (cookie) => {
						const client = new WireClient(url, onEvent, cookie);
						await client.ready;
						if (room) await client.request('chat:join', { room });
						clients.push(client);
					})
				);
			}
			process.send!({ type: 'started', count: clients.length });
		} else if (message.type === 'reset') {
			histogram.reset();
			({ run, timeoutMs } = message);
			delivered = late = bytes = firstAt = lastAt = maxLag = 0;
			process.send!({ type: 'reset' });
		} else if (message.type === 'report') {
			const usage = process.cpuUsage();
			const report: ListenerReport = {
				delivered,
				late,
				histogram: hdr.encodeIntoCompressedBase64(histogram),
				firstAt,
				lastAt,
				bytes,
				cpuSeconds: (usage.user + usage.system) / 1e6,
				maxLoopLagMs: maxLag
			};
			process.send!({ type: 'report', report });
		} else {
			clients.forEach((c) => c.close());
			process.exit(0);
		}
	}
);
