import type { Plugin, ViteDevServer, PreviewServer } from 'vite';
import type { Server as HttpServer } from 'node:http';
import { parseConfig } from '../src/lib/server/config.ts';
import { setServices } from '../src/lib/server/services.ts';
import { startPlenair } from './boot.ts';
import { attachRealtime } from './realtime/index.ts';

/**
 * `npm run dev` and `vite preview`: the same services and realtime layer as server/main.ts,
 * attached to Vite's own HTTP server.
 */
export function plenairRealtime(): Plugin {
	const attach = async (server: ViteDevServer | PreviewServer) => {
		const httpServer = server.httpServer as HttpServer | null;
		if (!httpServer) return;
		const config = parseConfig({ NODE_ENV: 'development', ...process.env });
		const port = server.config.server.port ?? 5173;
		const plenair = await startPlenair(config, port);
		setServices(plenair.services);
		const realtime = attachRealtime(httpServer, plenair.services);
		httpServer.once('close', () => {
			void realtime.close().then(() => plenair.stop());
		});
	};
	return {
		name: 'plenair-realtime',
		configureServer: attach,
		configurePreviewServer: attach
	};
}
