import { createHash } from 'node:crypto';
import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';

/**
 * Plenair's structured log: one JSON object per line (pino), with the node and a component on
 * every line, readable in development through pino-pretty. Never log secrets or personal data:
 * names of people stay out, e-mail addresses go in only as `hashEmail(...)`.
 */

export interface LogOptions {
	level: string;
	format: 'json' | 'pretty';
	node: string;
}

const KEY = Symbol.for('plenair.log');
type Holder = { [KEY]?: Logger };

export function createLog({ level, format, node }: LogOptions): Logger {
	const options = { level, base: { node }, timestamp: pino.stdTimeFunctions.isoTime };
	return format === 'pretty'
		? pino(options, pretty({ colorize: process.stdout.isTTY, sync: true }))
		: pino(options);
}

/** Makes `log` write through this logger (the server's entry and tests call it). */
export function setLog(root: Logger): void {
	(globalThis as Holder)[KEY] = root;
}

/** A component's logger (`log('realtime').warn(...)`), a child of the one the entry set. */
export function log(component: string): Logger {
	const holder = globalThis as Holder;
	holder[KEY] ??= createLog({
		level: process.env.LOG_LEVEL ?? 'info',
		format: 'json',
		node: 'plenair'
	});
	return holder[KEY].child({ component });
}

/** An e-mail address as logs may carry it: a short hash that matches the same address again. */
export const hashEmail = (email: string): string =>
	createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 12);
