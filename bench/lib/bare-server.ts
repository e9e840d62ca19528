// The baseline: a bare Socket.IO broadcast server (no auth, no persistence, no validation).
// Run with: node bench/lib/bare-server.ts PORT   (prints "ready" when listening)
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const port = Number(process.argv[2]);
const httpServer = createServer((req, res) => {
	// Memory after a collection, for the idle-connection scenario.
	const gc = (globalThis as { gc?: () => void }).gc;
	gc?.();
	const { heapUsed, rss } = process.memoryUsage();
	res.end(JSON.stringify({ heapUsed, rss, collected: Boolean(gc) }));
});
const io = new Server(httpServer, { transports: ['websocket'], serveClient: false });
let boardVersion = 0;
io.on('connection', (socket) => {
	socket.on('chat:send', (payload: { text: string }, ack?: (r: unknown) => void) => {
		io.emit('chat:message', { text: payload.text });
		ack?.({ ok: true });
	});
	// Boards: number each operation and pass it on, as the board scenario's baseline.
	socket.on('board:join', (_: unknown, ack?: (r: unknown) => void) => ack?.({ ok: true }));
	socket.on('board:op', (payload: { session: string; op: unknown }, ack?: (r: unknown) => void) => {
		const version = ++boardVersion;
		io.emit('board:op', { session: payload.session, op: { version, op: payload.op } });
		ack?.({ ok: true, version });
	});
	// Polls: one answer per connection counted in memory, a tally to everyone at most every
	// 250 ms, as the polls scenario's baseline.
	socket.on('poll:join', (_: unknown, ack?: (r: unknown) => void) =>
		ack?.({ ok: true, polls: [{ poll: { id: 'bare' }, tally: tally() }] })
	);
	socket.on('poll:create', (_: unknown, ack?: (r: unknown) => void) =>
		ack?.({ ok: true, poll: { id: 'bare' } })
	);
	socket.on(
		'poll:answer',
		(payload: { answer: { choices: string[] } }, ack?: (r: unknown) => void) => {
			answers.set(socket.id, payload.answer.choices);
			pollVersion++;
			tallyTimer ??= setTimeout(() => {
				tallyTimer = undefined;
				io.emit('poll:tally', { session: 'bare', tally: tally() });
			}, 250);
			ack?.({ ok: true, version: pollVersion });
		}
	);
});
const answers = new Map<string, string[]>();
let pollVersion = 0;
let tallyTimer: ReturnType<typeof setTimeout> | undefined;
function tally() {
	const counts: Record<string, number> = {};
	for (const choices of answers.values()) for (const c of choices) counts[c] = (counts[c] ?? 0) + 1;
	const sorted = Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
	return { poll: 'bare', version: pollVersion, voters: answers.size, counts: sorted };
}
httpServer.listen(port, '127.0.0.1', () => console.log('ready'));
// Exit normally on a signal, so `--cpu-prof` can write its profile.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(0));
