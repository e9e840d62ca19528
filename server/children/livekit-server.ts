import { randomBytes } from 'node:crypto';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { Child, waitUntilReady } from './child-process.ts';
import { freeTcpPort, freeUdpPort } from './free-port.ts';

export interface LivekitServerOptions {
	bin: string;
	/** Where livekit-server posts its webhooks (the app's receiver). */
	webhookUrl?: string;
	/** Keys for the child; generated when not given. */
	apiKey?: string;
	apiSecret?: string;
	/** Fixed ports (a restart keeps the old ones); free ones are picked when absent. */
	ports?: LivekitPorts;
	log?: boolean;
}

export interface LivekitPorts {
	http: number;
	tcp: number;
	udp: number;
}

export interface RunningLivekit {
	/** WebSocket URL for clients and the server SDK. */
	url: string;
	httpUrl: string;
	apiKey: string;
	apiSecret: string;
	ports: LivekitPorts;
	child: Child;
}

/** Where the setup script installs a pinned livekit-server (`go install` names it `server`). */
export function livekitBinaryPath(cacheDir: string, version: string): string {
	return join(cacheDir, 'livekit', version, 'server');
}

export async function assertExecutable(path: string, hint: string): Promise<void> {
	try {
		await access(path);
	} catch {
		throw new Error(`${path} is missing. ${hint}`);
	}
}

/**
 * Everything on 127.0.0.1: API, RTC over TCP and one UDP port, loopback ICE candidates only,
 * and no external-IP lookup, so no test ever sends media off this machine.
 */
export function loopbackConfig(
	ports: { http: number; tcp: number; udp: number },
	apiKey: string,
	apiSecret: string,
	webhookUrl?: string
): string {
	const lines = [
		`port: ${ports.http}`,
		'bind_addresses: [127.0.0.1]',
		'rtc:',
		`  tcp_port: ${ports.tcp}`,
		`  udp_port: ${ports.udp}`,
		'  use_external_ip: false',
		'  node_ip: 127.0.0.1',
		'  enable_loopback_candidate: true',
		'  interfaces:',
		'    includes: [lo]',
		'keys:',
		`  ${apiKey}: ${apiSecret}`,
		'room:',
		// A moderator mutes; only the owner turns a microphone or camera back on (docs/security.md).
		'  enable_remote_unmute: false',
		'  empty_timeout: 300',
		'logging:',
		'  level: warn'
	];
	if (webhookUrl)
		lines.push('webhook:', `  api_key: ${apiKey}`, `  urls: [${JSON.stringify(webhookUrl)}]`);
	return lines.join('\n');
}

export async function startLivekitServer(options: LivekitServerOptions): Promise<RunningLivekit> {
	await assertExecutable(options.bin, 'Run `bash scripts/setup.sh` to install livekit-server.');
	const ports = options.ports ?? {
		http: await freeTcpPort(),
		tcp: await freeTcpPort(),
		udp: await freeUdpPort()
	};
	const apiKey = options.apiKey ?? `plenair_${randomBytes(4).toString('hex')}`;
	const apiSecret = options.apiSecret ?? randomBytes(24).toString('hex');
	const child = new Child({
		name: 'livekit',
		command: options.bin,
		args: [],
		// Through the environment, not argv: the process list would show the API secret.
		env: {
			...process.env,
			LIVEKIT_CONFIG: loopbackConfig(ports, apiKey, apiSecret, options.webhookUrl)
		},
		log: options.log
	});
	const httpUrl = `http://127.0.0.1:${ports.http}`;
	await waitUntilReady(
		child,
		async () => (await fetch(httpUrl, { signal: AbortSignal.timeout(500) })).ok,
		20_000
	);
	return { url: `ws://127.0.0.1:${ports.http}`, httpUrl, apiKey, apiSecret, ports, child };
}
