import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, parseConfig } from '../src/lib/server/config.ts';
import { EventFileError } from '../src/lib/server/event-file.ts';
import { bodyRefusal, DRAIN_LIMIT, isUpload } from './body-limit.ts';
import { baseSecurityHeaders } from '../src/lib/server/security-headers.ts';
import { setServices } from '../src/lib/server/services.ts';
import { startPlenair } from './boot.ts';
import { freeTcpPort } from './children/free-port.ts';
import { attachRealtime } from './realtime/index.ts';

type NodeHandler = (req: IncomingMessage, res: ServerResponse, next?: () => void) => void;

async function main(): Promise<void> {
	const config = parseConfig(process.env);
	const port = config.PORT === 0 ? await freeTcpPort() : config.PORT;

	const handlerFile = join(process.cwd(), 'build', 'handler.js');
	if (!existsSync(handlerFile))
		throw new Error(`${handlerFile} is missing: run \`npm run build\` first`);

	const plenair = await startPlenair(config, port);
	setServices(plenair.services);
	// adapter-node then builds url.origin (and checks form posts) from the configured origin too,
	// never from the Host header.
	process.env.ORIGIN = plenair.services.origin;
	// adapter-node reads one body limit for every route when its handler loads: the recording
	// upload's. `bodyRefusal` keeps every other route at the ordinary limit.
	const uploadLimit = config.uploadLimitBytes;
	process.env.BODY_SIZE_LIMIT = String(uploadLimit);
	const { handler } = (await import(pathToFileURL(handlerFile).href)) as { handler: NodeHandler };

	// Static files and errors raised before SvelteKit's hooks get them too.
	const securityHeaders = Object.entries(baseSecurityHeaders(plenair.services.origin));
	const httpServer = createServer((req, res) => {
		for (const [name, value] of securityHeaders) res.setHeader(name, value);
		const refusal = bodyRefusal(
			req.method,
			new URL(req.url ?? '/', 'http://x').pathname,
			req.headers,
			uploadLimit
		);
		if (refusal) {
			const answer = (close: boolean) => {
				if (res.headersSent) return;
				res.writeHead(refusal.status, {
					'content-type': 'application/json',
					...(close ? { connection: 'close' } : {})
				});
				res.end(JSON.stringify(refusal.body));
			};
			// A refused upload may be gigabytes: answer at once and close. An ordinary body is read
			// and dropped first (never kept), so the client can finish sending and read the answer;
			// past DRAIN_LIMIT it is cut off too.
			if (refusal.upload) return answer(true);
			let seen = 0;
			req.on('data', (chunk: Buffer) => {
				seen += chunk.length;
				if (seen > DRAIN_LIMIT) answer(true);
			});
			req.once('end', () => answer(false));
			req.once('error', () => res.destroy());
			return;
		}
		if (isUpload(req.method, new URL(req.url ?? '/', 'http://x').pathname)) {
			// Refused before its body was read (not signed in, not allowed): close the connection
			// rather than keep it alive with the rest of a large body still on its way.
			const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
			res.writeHead = ((...args: unknown[]) => {
				if (!req.complete) res.setHeader('connection', 'close');
				return writeHead(...args);
			}) as typeof res.writeHead;
		}
		handler(req, res, () => {
			res.statusCode = 404;
			res.end('Not found');
		});
	});
	const realtime = attachRealtime(httpServer, plenair.services);

	await new Promise<void>((resolve, reject) => {
		httpServer.once('error', reject);
		httpServer.listen(port, config.HOST, resolve);
	});
	console.log(
		`Plenair is running: ${plenair.services.event.event.slug} at ${plenair.services.origin} (listening on ${config.HOST}:${port})`
	);

	let stopping = false;
	const shutdown = async (signal: string) => {
		if (stopping) return;
		stopping = true;
		console.log(`${signal}: shutting down`);
		const force = setTimeout(() => process.exit(1), 15_000);
		force.unref();
		// Stop accepting first, then close sockets so clients reconnect elsewhere and resume.
		httpServer.close();
		await realtime.close();
		httpServer.closeAllConnections();
		await plenair.stop();
		setServices(undefined);
		process.exit(0);
	};
	process.on('SIGTERM', () => void shutdown('SIGTERM'));
	process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
	if (error instanceof ConfigError || error instanceof EventFileError) console.error(error.message);
	else console.error('Plenair could not start:', error);
	process.exit(1);
});
