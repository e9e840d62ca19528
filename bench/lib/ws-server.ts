// The floor for memory per connection: a plain `ws` server that holds connections and nothing else.
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';

const httpServer = createServer((req, res) => {
	const gc = (globalThis as { gc?: () => void }).gc;
	gc?.();
	const { heapUsed, rss } = process.memoryUsage();
	res.end(JSON.stringify({ heapUsed, rss, collected: Boolean(gc) }));
});
new WebSocketServer({ server: httpServer, perMessageDeflate: false });
httpServer.listen(Number(process.argv[2]), '127.0.0.1', () => console.log('ready'));
