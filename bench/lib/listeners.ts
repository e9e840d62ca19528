// A load-generator process: N listeners that record each chat message's delivery latency,
// measured from the sender's intended send time. Run with: node --import tsx bench/lib/listeners.ts
import hdr from 'hdr-histogram-js';
import { newHistogram } from './histogram.ts';
import { WireClient } from './socketio-wire.ts';

export interface ListenerTask {
	url: string;
	cookies: (string | undefined)[];
	/** Plenair: join this chat room after connecting; bare: nothing to join. */
	room?: string;
}

export interface ListenerReport {
	delivered: number;
	histogram: string;
	cpuSeconds: number;
	/** Worst event-loop lag seen, ms: a saturated generator shows here. */
	maxLoopLagMs: number;
}

const histogram = newHistogram();
let delivered = 0;
const clients: WireClient[] = [];

function onEvent(event: string, payload: unknown) {
	if (event !== 'chat:message') return;
	const text = (payload as { text?: string }).text ?? '';
	const intended = Number(text.split(':')[1]);
	if (!Number.isFinite(intended)) return;
	delivered++;
	histogram.recordValue(Math.max(1, Date.now() - intended));
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
			| { type: 'reset' }
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
			delivered = 0;
			maxLag = 0;
			process.send!({ type: 'reset' });
		} else if (message.type === 'report') {
			const usage = process.cpuUsage();
			const report: ListenerReport = {
				delivered,
				histogram: hdr.encodeIntoCompressedBase64(histogram),
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
