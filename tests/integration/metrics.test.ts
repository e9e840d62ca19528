import { readFileSync } from 'node:fs';
import parsePrometheusTextFormat, { type PrometheusFamily } from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type AppProcess } from '../support/app-process.ts';
import { guestCookie, registerAndSignIn } from '../support/http.ts';
import { TestClient } from '../support/realtime-client.ts';

/*
 * What an operator sees of a running node: /metrics in the Prometheus text format (parsed by a
 * Prometheus parser, not by the code under test), counters that move with traffic, and one JSON
 * log line per request and per refusal, without personal data.
 */

const TOKEN = 'metrics-token-0123456789abcdef';
const ROOM = 'toekomst-wooncooperatie';
let app: AppProcess;
const clients: TestClient[] = [];

let lastText = '';
async function scrape(): Promise<PrometheusFamily[]> {
	const res = await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
	expect(res.status).toBe(200);
	expect(res.headers.get('content-type')).toContain('text/plain');
	lastText = await res.text();
	return parsePrometheusTextFormat(lastText);
}

/** A histogram's count for one event, read from the text (the parser drops histogram labels). */
function histogramCount(text: string, name: string, event: string): number {
	const line = text
		.split('\n')
		.find((l) => l.startsWith(`${name}_count{`) && l.includes(`event="${event}"`));
	return line ? Number(line.split(' ').at(-1)) : 0;
}

/** One series' value, matched by its labels. */
function value(families: PrometheusFamily[], name: string, labels: Record<string, string> = {}) {
	const family = families.find((f) => f.name === name);
	const sample = family?.metrics.find((m) =>
		Object.entries(labels).every(([k, v]) => m.labels?.[k] === v)
	);
	return sample ? Number(sample.value ?? sample.count) : 0;
}

beforeAll(async () => {
	app = await startApp({
		NODE_ENV: 'test',
		PLENAIR_NOW: '2022-01-17T17:20:00+01:00',
		PLENAIR_METRICS_TOKEN: TOKEN,
		PLENAIR_LOG_FORMAT: 'json'
	});
}, 60_000);

afterAll(async () => {
	clients.forEach((c) => c.close());
	await app?.stop();
});

describe('/metrics', () => {
	it('is refused without the token, and absent where no token is configured', async () => {
		expect((await fetch(`${app.url}/metrics`)).status).toBe(401);
		const wrong = await fetch(`${app.url}/metrics`, { headers: { authorization: 'Bearer nope' } });
		expect(wrong.status).toBe(401);
		const plain = await startApp({ NODE_ENV: 'test' });
		try {
			expect((await fetch(`${plain.url}/metrics`)).status).toBe(404);
		} finally {
			await plain.stop();
		}
	}, 60_000);

	it('counts sockets, events by outcome, requests by route, and the node’s own figures', async () => {
		const before = await scrape();
		const timedBefore = histogramCount(
			lastText,
			'plenair_socket_event_duration_seconds',
			'chat:send'
		);
		const node = before.find((f) => f.name === 'plenair_sockets_connected')?.metrics[0].labels
			?.node;
		expect(node).toMatch(/:\d+$/);
		expect(value(before, 'plenair_process_resident_memory_bytes')).toBeGreaterThan(0);
		for (const state of ['pending', 'recording', 'processing', 'ready', 'failed'])
			expect(
				before
					.find((f) => f.name === 'plenair_recordings')
					?.metrics.some((m) => m.labels?.state === state)
			).toBe(true);

		const cookie = await guestCookie(app.url, 'Meter');
		const guest = new TestClient(app.url, cookie);
		const anonymous = new TestClient(app.url);
		clients.push(guest, anonymous);
		await Promise.all([guest.connected(), anonymous.connected()]);
		expect((await guest.request('chat:join', { room: ROOM })).ok).toBe(true);
		const sent = await guest.request('chat:send', {
			room: ROOM,
			id: crypto.randomUUID(),
			kind: 'message',
			text: 'Meten is weten'
		});
		expect(sent.ok).toBe(true);
		const refused = await anonymous.request('chat:send', {
			room: ROOM,
			id: crypto.randomUUID(),
			kind: 'message',
			text: 'Mag dit?'
		});
		expect(refused).toMatchObject({ ok: false, code: 'sign_in' });
		expect((await fetch(`${app.url}/sessions/${ROOM}`)).status).toBe(200);
		expect((await fetch(`${app.url}/no-such-page`)).status).toBe(404);

		const after = await scrape();
		expect(value(after, 'plenair_sockets_connected')).toBe(
			value(before, 'plenair_sockets_connected') + 2
		);
		const moved = (name: string, labels: Record<string, string>) =>
			value(after, name, labels) - value(before, name, labels);
		expect(moved('plenair_socket_events_total', { event: 'chat:send', outcome: 'ok' })).toBe(1);
		// One node alone sends its chat broadcasts to its own sockets, not through Redis.
		expect(moved('plenair_chat_frames_total', { path: 'local' })).toBe(1);
		expect(moved('plenair_chat_lines_total', {})).toBe(1);
		expect(moved('plenair_socket_events_total', { event: 'chat:send', outcome: 'sign_in' })).toBe(
			1
		);
		expect(
			histogramCount(lastText, 'plenair_socket_event_duration_seconds', 'chat:send') - timedBefore
		).toBe(2);
		expect(
			moved('plenair_http_requests_total', {
				route: '/sessions/[id]',
				method: 'GET',
				status: '200'
			})
		).toBe(1);
		expect(moved('plenair_http_requests_total', { route: 'unmatched', status: '404' })).toBe(1);
	});

	it('has every series the Grafana dashboard asks for', async () => {
		const families = new Set((await scrape()).map((f) => f.name));
		const dashboard = readFileSync('deploy/grafana-dashboard.json', 'utf8');
		const asked = new Set(
			[...dashboard.matchAll(/plenair_[a-z0-9_]+/g)].map((m) => m[0].replace(/_bucket$/, ''))
		);
		expect(asked.size).toBeGreaterThan(10);
		for (const name of asked) expect(families, name).toContain(name);
	});

	it('logs one JSON line per request and per refusal, with ids and without e-mail addresses', async () => {
		const email = 'iemand-geheim@example.org';
		await registerAndSignIn(app, email);
		const lines = app
			.output()
			.split('\n')
			.filter((l) => l.startsWith('{'))
			.map((l) => JSON.parse(l) as Record<string, unknown>);
		const request = lines.find((l) => l.component === 'http' && l.route === '/sessions/[id]');
		expect(request).toMatchObject({ level: 30, method: 'GET', status: 200, msg: 'request' });
		expect(typeof request?.req).toBe('string');
		expect(typeof request?.node).toBe('string');
		const refusal = lines.find((l) => l.component === 'realtime' && l.code === 'sign_in');
		expect(refusal).toMatchObject({ event: 'chat:send', msg: 'refused' });
		expect(typeof refusal?.socket).toBe('string');
		// The structured log never has it. (The development outbox prints each mail, with its
		// address and sign-in link, on purpose when no SMTP server is set: docs/operations.md#logs.)
		expect(lines.filter((l) => JSON.stringify(l).includes(email))).toEqual([]);
		expect(lines.length).toBeGreaterThan(5);
	});
});
