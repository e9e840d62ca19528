import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, parseConfig } from '../src/lib/server/config.ts';
import { EventFileError } from '../src/lib/server/event-file.ts';
import { setServices } from '../src/lib/server/services.ts';
import { startPlenair } from './boot.ts';
import { freeTcpPort } from './children/free-port.ts';
import { attachRealtime } from './realtime/index.ts';

const PROTOCOL_HEADER = 'x-plenair-protocol';

type NodeHandler = (req: IncomingMessage, res: ServerResponse, next?: () => void) => void;

async function main(): Promise<void> {
	const config = parseConfig(process.env);
	const port = config.PORT === 0 ? await freeTcpPort() : config.PORT;

	const handlerFile = join(process.cwd(), 'build', 'handler.js');
	if (!existsSync(handlerFile))
		throw new Error(`${handlerFile} is missing: run \`npm run build\` first`);

	const plenair = await startPlenair(config, port);
	setServices(plenair.services);
	// Without ORIGIN, adapter-node would assume https; tell it the protocol this socket really
	// speaks (our own header, overwritten on every request so a client cannot forge it).
	if (!config.ORIGIN) process.env.PROTOCOL_HEADER = PROTOCOL_HEADER;
	const { handler } = (await import(pathToFileURL(handlerFile).href)) as { handler: NodeHandler };

	const httpServer = createServer((req, res) => {
		if (!config.ORIGIN) req.headers[PROTOCOL_HEADER] = 'encrypted' in req.socket ? 'https' : 'http';
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
	const shownHost =
		config.HOST === '0.0.0.0' || config.HOST === '127.0.0.1' ? 'localhost' : config.HOST;
	console.log(
		`Plenair is running: ${plenair.services.event.event.slug} at http://${shownHost}:${port}`
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
