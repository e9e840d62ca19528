import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';

const optionalString = z
	.string()
	.trim()
	.transform((v) => (v === '' ? undefined : v))
	.optional();

const Bool = z
	.enum(['true', 'false', '1', '0', 'yes', 'no'])
	.transform((v) => v === 'true' || v === '1' || v === 'yes');

/**
 * Every environment variable Plenair reads. `.env.example` and the README list the same names;
 * `tests/unit/config.test.ts` checks that they stay in step.
 */
export const EnvSchema = z
	.object({
		NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
		HOST: z.string().min(1).default('127.0.0.1'),
		PORT: z.coerce.number().int().min(0).max(65535).default(3000),
		ORIGIN: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
		PLENAIR_EVENT_FILE: z.string().min(1).default('events/cooperatieven-maken-de-stad/event.yaml'),
		PLENAIR_DATA_DIR: z.string().min(1).default('data'),
		PLENAIR_CACHE_DIR: z
			.string()
			.min(1)
			.default(join(homedir(), '.cache', 'plenair')),
		PLENAIR_CLOCK: z.enum(['demo', 'real']).default('demo'),
		PLENAIR_NOW: z.iso
			.datetime({
				offset: true,
				message: 'use ISO 8601 with an offset, e.g. 2022-01-17T17:20:00+01:00'
			})
			.optional(),
		PLENAIR_DEMO_OFFSET_MINUTES: z.coerce.number().int().default(5),
		PLENAIR_CLOCK_SPEED: z.coerce.number().min(1).max(1000).default(1),
		PLENAIR_CLOCK_SINCE: z.iso
			.datetime({
				offset: true,
				message: 'use ISO 8601 with an offset, e.g. 2026-12-04T10:00:00Z'
			})
			.optional(),
		REDIS_URL: optionalString.pipe(z.url({ protocol: /^rediss?$/ }).optional()),
		REDIS_SERVER_BIN: z.string().min(1).default('redis-server'),
		LIVEKIT_URL: optionalString.pipe(z.url({ protocol: /^(wss?|https?)$/ }).optional()),
		LIVEKIT_PUBLIC_URL: optionalString.pipe(z.url({ protocol: /^wss?$/ }).optional()),
		LIVEKIT_API_KEY: optionalString,
		LIVEKIT_API_SECRET: optionalString,
		LIVEKIT_SERVER_BIN: optionalString,
		LIVEKIT_VERSION: z
			.string()
			.regex(/^v\d+\.\d+\.\d+$/)
			.default('v1.13.5'),
		PLENAIR_LOG_CHILDREN: Bool.default(false),
		/** pino's levels; `silent` turns the app's own log off. */
		LOG_LEVEL: z
			.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
			.default('info'),
		/** `json`: one JSON object per line (production); `pretty`: readable lines (development). */
		PLENAIR_LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
		/** Bearer token for GET /metrics; without it /metrics answers 404. */
		PLENAIR_METRICS_TOKEN: optionalString.pipe(z.string().min(16).optional()),
		SMTP_URL: optionalString.pipe(z.url({ protocol: /^smtps?$/ }).optional()),
		MAIL_FROM: z.string().min(3).default('Plenair <plenair@localhost>'),
		PLENAIR_DEV_OUTBOX: Bool.optional(),
		PLENAIR_SIGNIN_LIMIT_PER_IP: z.coerce.number().int().positive().default(20),
		PLENAIR_GUEST_LIMIT_PER_IP: z.coerce.number().int().positive().default(30),
		PLENAIR_RECORDER: z.enum(['builtin', 'egress']).default('builtin'),
		/** How app nodes pass broadcasts to each other (docs/operations.md#scaling-out). */
		PLENAIR_SOCKET_ADAPTER: z.enum(['pubsub', 'sharded', 'streams']).default('pubsub'),
		/** Socket writes a second a busy chat room may cost before its messages share frames. */
		PLENAIR_CHAT_WRITES_PER_SECOND: z.coerce.number().int().positive().default(40_000),
		PLENAIR_RECORDER_BIN: optionalString,
		PLENAIR_RECORDING_FORMAT: z.enum(['webm', 'mp4']).default('webm'),
		PLENAIR_AUTO_RECORD: Bool.default(true),
		PLENAIR_UPLOAD_LIMIT: z
			.string()
			.regex(/^\d+[KMG]?$/i, 'a size in bytes, or with K, M or G (e.g. 4G, 800M)')
			.default('4G')
	})
	.superRefine((env, ctx) => {
		if (env.LIVEKIT_URL && (!env.LIVEKIT_API_KEY || !env.LIVEKIT_API_SECRET))
			ctx.addIssue({
				code: 'custom',
				path: ['LIVEKIT_API_KEY'],
				message: 'LIVEKIT_URL needs LIVEKIT_API_KEY and LIVEKIT_API_SECRET'
			});
		if (Boolean(env.LIVEKIT_API_KEY) !== Boolean(env.LIVEKIT_API_SECRET))
			ctx.addIssue({
				code: 'custom',
				path: [env.LIVEKIT_API_KEY ? 'LIVEKIT_API_SECRET' : 'LIVEKIT_API_KEY'],
				message: 'set LIVEKIT_API_KEY and LIVEKIT_API_SECRET together'
			});
		if (env.LIVEKIT_API_SECRET && env.LIVEKIT_API_SECRET.length < 32)
			ctx.addIssue({
				code: 'custom',
				path: ['LIVEKIT_API_SECRET'],
				message: 'must be at least 32 characters'
			});
		if (env.PLENAIR_CLOCK_SPEED !== 1 && env.PLENAIR_CLOCK === 'real' && !env.PLENAIR_NOW)
			ctx.addIssue({
				code: 'custom',
				path: ['PLENAIR_CLOCK_SPEED'],
				message:
					'the real clock runs at real speed; rehearse with PLENAIR_CLOCK=demo or PLENAIR_NOW'
			});
	});

export type Env = z.infer<typeof EnvSchema>;

export interface Config extends Env {
	/** Mail without SMTP lands in a Redis outbox, shown on /dev/outbox (never in production). */
	devOutbox: boolean;
	dataDir: string;
	cacheDir: string;
	eventFile: string;
	/** The largest recording upload, in bytes (PLENAIR_UPLOAD_LIMIT). */
	uploadLimitBytes: number;
}

/** "4G" → 4 GiB, "800M", "512K", or plain bytes. */
export function parseByteSize(text: string): number {
	const match = /^(\d+)([KMG]?)$/i.exec(text.trim());
	if (!match) return NaN;
	const units: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };
	return Number(match[1]) * (units[(match[2] ?? '').toUpperCase()] ?? NaN);
}

export class ConfigError extends Error {
	constructor(readonly problems: string[]) {
		super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
		this.name = 'ConfigError';
	}
}

/** Parses the environment once; throws a ConfigError naming every problem. */
export function parseConfig(env: Record<string, string | undefined>, cwd = process.cwd()): Config {
	const result = EnvSchema.safeParse(env);
	if (!result.success) {
		throw new ConfigError(
			result.error.issues.map((i) => `${i.path.join('.') || '(environment)'}: ${i.message}`)
		);
	}
	return {
		...result.data,
		devOutbox: result.data.PLENAIR_DEV_OUTBOX ?? result.data.NODE_ENV !== 'production',
		dataDir: resolve(cwd, result.data.PLENAIR_DATA_DIR),
		cacheDir: resolve(cwd, result.data.PLENAIR_CACHE_DIR),
		eventFile: resolve(cwd, result.data.PLENAIR_EVENT_FILE),
		uploadLimitBytes: parseByteSize(result.data.PLENAIR_UPLOAD_LIMIT)
	};
}

/**
 * The public origin every absolute URL is built from (mails, invites, feeds, calendars, Open
 * Graph), never the request's Host header. Production needs ORIGIN; elsewhere it defaults to
 * this machine.
 */
export function publicOrigin(config: Pick<Env, 'ORIGIN' | 'NODE_ENV'>, port: number): string {
	if (config.ORIGIN) return new URL(config.ORIGIN).origin;
	if (config.NODE_ENV === 'production')
		throw new ConfigError([
			'ORIGIN: set the address people open Plenair at, e.g. ORIGIN=https://conference.example.org ' +
				'(every link in mails, invites and feeds is built from it; `npm start` sets ' +
				'http://localhost:3000 for the local demo)'
		]);
	return `http://localhost:${port}`;
}
