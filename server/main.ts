import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, parseConfig } from '../src/lib/server/config.ts';
import { EventFileError } from '../src/lib/server/event-file.ts';
import { bodyRefusal, DRAIN_LIMIT, isUpload } from './body-limit.ts';
import type { Metrics } from '../src/lib/server/metrics.ts';
import { baseSecurityHeaders } from '../src/lib/server/security-headers.ts';
import { setServices } from '../src/lib/server/services.ts';
import { createLog, log, setLog } from '../src/lib/server/log.ts';
import { nodeName, startPlenair } from './boot.ts';
import { freeTcpPort } from './children/free-port.ts';
import { attachRealtime } from './realtime/index.ts';

type NodeHandler = (req: IncomingMessage, res: ServerResponse, next?: () => void) => void;

async function main(): Promise<void> {
	const config = parseConfig(process.env);
	const port = config.PORT === 0 ? await freeTcpPort() : config.PORT;
	setLog(
		createLog({
			level: config.LOG_LEVEL,
			format:
				config.PLENAIR_LOG_FORMAT ??
				(config.NODE_ENV === 'development' || process.stdout.isTTY ? 'pretty' : 'json'),
			node: nodeName(port)
		})
	);
	const logger = log('plenair');

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
	const { metrics } = plenair.services;
	const httpServer = createServer((req, res) => {
		for (const [name, value] of securityHeaders) res.setHeader(name, value);
		if (req.url === '/metrics' || req.url?.startsWith('/metrics?')) {
			void serveMetrics(req, res, config.PLENAIR_METRICS_TOKEN, metrics);
			return;
		}
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
	logger.info(
		{ event: plenair.services.event.event.slug, origin: plenair.services.origin },
		`Plenair is running at ${plenair.services.origin} (listening on ${config.HOST}:${port})`
	);

	let stopping = false;
	const shutdown = async (signal: string) => {
		if (stopping) return;
		stopping = true;
		logger.info({ signal }, 'shutting down');
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

/**
 * Prometheus's scrape: only with the configured bearer token (PLENAIR_METRICS_TOKEN); without a
 * token configured the route does not exist.
 */
async function serveMetrics(
	req: IncomingMessage,
	res: ServerResponse,
	token: string | undefined,
	metrics: Metrics
): Promise<void> {
	const answer = (status: number, body: string, type = 'text/plain; charset=utf-8') => {
		res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
		res.end(body);
	};
	if (!token) return answer(404, 'Not found');
	const given = Buffer.from(req.headers.authorization ?? '');
	const wanted = Buffer.from(`Bearer ${token}`);
	if (given.length !== wanted.length || !timingSafeEqual(given, wanted))
		return answer(401, 'Send the metrics token: Authorization: Bearer <PLENAIR_METRICS_TOKEN>');
	try {
		answer(200, await metrics.text(), metrics.contentType);
	} catch (error) {
		log('metrics').error({ err: error }, 'collecting metrics failed');
		answer(500, 'collecting metrics failed');
	}
}

main().catch((error: unknown) => {
	if (error instanceof ConfigError || error instanceof EventFileError) console.error(error.message);
	else console.error('Plenair could not start:', error);
	process.exit(1);
});
