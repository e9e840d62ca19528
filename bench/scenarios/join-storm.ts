import { onSchedule, type LatencySummary } from '../lib/load.ts';
import { cpus } from 'node:os';
import { pin, pinTree, treeCpuSeconds } from '../lib/proc.ts';
import { plenairTarget } from '../lib/targets.ts';
import { newHistogram } from '../lib/histogram.ts';
import { WireClient } from '../lib/socketio-wire.ts';

const PLENARY = 'plenaire-opening';

export interface JoinStormRow {
	attendees: number;
	seconds: number;
	latency: LatencySummary;
	errors: number;
	serverCpuPercent: number;
}

/**
 * Attendees arriving at a fixed rate, each as a browser does: sign in (guest), ask for a LiveKit
 * token for the plenary, open the realtime connection (the Socket.IO handshake, authenticated by
 * the cookie) and enter the plenary's chat. Latency of the whole arrival, from its intended start.
 * The connections stay open until the end, as the people do.
 */
export async function joinStorm(attendees: number, seconds: number): Promise<JoinStormRow> {
	// The plenary opening is live at 18:35: a join storm is hundreds arriving for it at once.
	const target = await plenairTarget(undefined, { PLENAIR_NOW: '2022-01-17T18:35:00+01:00' });
	pinTree(target.pid, 0);
	// This process is the load: on the other core.
	if (cpus().length > 1) pin(process.pid, 1);
	const histogram = newHistogram();
	let errors = 0;
	const pending: Promise<void>[] = [];
	const sockets: WireClient[] = [];
	const cpu0 = treeCpuSeconds(target.pid);
	const started = Date.now();
	await onSchedule(attendees / seconds, seconds, (i, intended) => {
		pending.push(
			(async () => {
				try {
					const sign = await fetch(`${target.url}/guest`, {
						method: 'POST',
						headers: { origin: target.url, 'content-type': 'application/x-www-form-urlencoded' },
						body: new URLSearchParams({ name: `Deelnemer ${i}` }),
						redirect: 'manual'
					});
					const cookie = sign.headers
						.getSetCookie()
						.find((c) => c.startsWith('plenair_session='))
						?.split(';')[0];
					const token = await fetch(`${target.url}/api/sessions/${PLENARY}/token`, {
						method: 'POST',
						headers: { cookie: cookie ?? '' }
					});
					await token.arrayBuffer();
					if (!cookie || token.status !== 200) throw new Error(`token: ${token.status}`);
					const socket = new WireClient(target.url, () => {}, cookie);
					sockets.push(socket);
					await socket.ready;
					const entered = (await socket.request('chat:join', { room: PLENARY })) as {
						ok: boolean;
					};
					if (!entered.ok) throw new Error('chat:join refused');
				} catch {
					errors++;
				}
				histogram.recordValue(Math.max(1, Date.now() - intended));
			})()
		);
	});
	await Promise.all(pending);
	const elapsed = (Date.now() - started) / 1000;
	const row: JoinStormRow = {
		attendees,
		seconds,
		latency: {
			p50: histogram.getValueAtPercentile(50),
			p95: histogram.getValueAtPercentile(95),
			p99: histogram.getValueAtPercentile(99),
			max: histogram.maxValue,
			count: histogram.totalCount
		},
		errors,
		serverCpuPercent: Math.round(((treeCpuSeconds(target.pid) - cpu0) / elapsed) * 100)
	};
	sockets.forEach((socket) => socket.close());
	if (cpus().length > 1) pin(process.pid, -1);
	await target.stop();
	return row;
}
