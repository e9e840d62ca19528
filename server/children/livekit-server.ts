import { randomBytes } from 'node:crypto';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { Child, waitUntilReady } from './child-process.ts';
import { AccessToken } from 'livekit-server-sdk';
import { freeTcpPort, freeUdpPort, retryOnAddressInUse } from './free-port.ts';

export interface LivekitServerOptions {
	bin: string;
	/** Where livekit-server posts its webhooks (the app's receiver). */
	webhookUrl?: string;
	/** Keys for the child; generated when not given. */
	apiKey?: string;
	apiSecret?: string;
	/** Fixed ports (a restart keeps the old ones); free ones are picked when absent. */
	ports?: LivekitPorts;
	/** Picks free ports (tests inject one that hands out a taken port first). */
	pickPorts?: () => Promise<LivekitPorts>;
	log?: boolean;
	/**
	 * LiveKit's own multi-node mode: every node given the same Redis (host:port) and keys shares
	 * the rooms' routing; a room lives on one node, its clients may reach any.
	 */
	redisAddress?: string;
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
	webhookUrl?: string,
	/** Further keys the server accepts (the start-up probe's own key). */
	extraKeys: Record<string, string> = {},
	/** Multi-node: the Redis (host:port) the nodes share. */
	redisAddress?: string
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
		...Object.entries(extraKeys).map(([key, secret]) => `  ${key}: ${secret}`),
		'room:',
		// A moderator mutes; only the owner turns a microphone or camera back on (docs/security.md).
		'  enable_remote_unmute: false',
		'  empty_timeout: 300',
		'logging:',
		'  level: warn'
	];
	if (redisAddress) lines.push('redis:', `  address: ${redisAddress}`);
	if (webhookUrl)
		lines.push('webhook:', `  api_key: ${apiKey}`, `  urls: [${JSON.stringify(webhookUrl)}]`);
	return lines.join('\n');
}

export const pickLivekitPorts = async (): Promise<LivekitPorts> => ({
	http: await freeTcpPort(),
	tcp: await freeTcpPort(),
	udp: await freeUdpPort()
});

/**
 * Starts livekit-server on free ports. A picked HTTP port can be taken before livekit-server
 * binds it; then it exits with "bind: address already in use" and is started again on new ports
 * (up to PORT_ATTEMPTS times). Fixed ports are tried once: the supervisor retries them.
 * (livekit-server v1.13.5 does not exit when its RTC TCP or UDP port is taken.)
 */
export async function startLivekitServer(options: LivekitServerOptions): Promise<RunningLivekit> {
	await assertExecutable(options.bin, 'Run `bash scripts/setup.sh` to install livekit-server.');
	const apiKey = options.apiKey ?? `plenair_${randomBytes(4).toString('hex')}`;
	const apiSecret = options.apiSecret ?? randomBytes(24).toString('hex');
	const start = (ports: LivekitPorts) => startOn(ports, apiKey, apiSecret, options);
	if (options.ports) return start(options.ports);
	return retryOnAddressInUse(options.pickPorts ?? pickLivekitPorts, start);
}

async function startOn(
	ports: LivekitPorts,
	apiKey: string,
	apiSecret: string,
	options: LivekitServerOptions
): Promise<RunningLivekit> {
	// A key only this start knows: a livekit-server that accepts it is ours, not another one
	// (with the same configured keys) that holds the port while ours is still failing to bind.
	const probe = {
		key: `probe_${randomBytes(6).toString('hex')}`,
		secret: randomBytes(24).toString('hex')
	};
	const child = new Child({
		name: 'livekit',
		command: options.bin,
		args: [],
		// Through the environment, not argv: the process list would show the API secret.
		env: {
			...process.env,
			LIVEKIT_CONFIG: loopbackConfig(
				ports,
				apiKey,
				apiSecret,
				options.webhookUrl,
				{ [probe.key]: probe.secret },
				options.redisAddress
			)
		},
		log: options.log
	});
	const httpUrl = `http://127.0.0.1:${ports.http}`;
	await waitUntilReady(child, () => answersAsOurs(httpUrl, probe.key, probe.secret), 20_000);
	return { url: `ws://127.0.0.1:${ports.http}`, httpUrl, apiKey, apiSecret, ports, child };
}

/** True when the server at `httpUrl` lists rooms for the probe key (RoomService over Twirp). */
async function answersAsOurs(httpUrl: string, key: string, secret: string): Promise<boolean> {
	const token = new AccessToken(key, secret, { ttl: 60 });
	token.addGrant({ roomList: true });
	const res = await fetch(`${httpUrl}/twirp/livekit.RoomService/ListRooms`, {
		method: 'POST',
		headers: { authorization: `Bearer ${await token.toJwt()}`, 'content-type': 'application/json' },
		body: '{}',
		signal: AbortSignal.timeout(500)
	});
	await res.arrayBuffer();
	return res.ok;
}
