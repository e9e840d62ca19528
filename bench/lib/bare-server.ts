// The baseline: a bare Socket.IO broadcast server (no auth, no persistence, no validation).
// Run with: node bench/lib/bare-server.ts PORT   (prints "ready" when listening)
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const port = Number(process.argv[2]);
const httpServer = createServer((req, res) => {
	// Memory after a collection, for the idle-connection scenario.
	(globalThis as { gc?: () => void }).gc?.();
	const { heapUsed, rss } = process.memoryUsage();
	res.end(JSON.stringify({ heapUsed, rss }));
});
const io = new Server(httpServer, { transports: ['websocket'], serveClient: false });
io.on('connection', (socket) => {
	socket.on('chat:send', (payload: { text: string }, ack?: (r: unknown) => void) => {
		io.emit('chat:message', { text: payload.text });
		ack?.({ ok: true });
	});
});
httpServer.listen(port, '127.0.0.1', () => console.log('ready'));
