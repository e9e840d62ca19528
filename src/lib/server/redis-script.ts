import type { Redis } from 'ioredis';
import type { z } from 'zod';

export interface ScriptSpec<R> {
	/** The Lua source. */
	lua: string;
	/** How many leading arguments are keys (KEYS[1..keys]); the rest are ARGV. */
	keys: number;
	/** What the script answers; any other reply is an internal error, never a silent wrong value. */
	reply: z.ZodType<R>;
}

/** Runs the script with its keys and arguments and answers its reply, checked by the schema. */
export type Script<R> = (
	keys: readonly string[],
	args?: readonly (string | number)[]
) => Promise<R>;

/** A script answered something its schema does not allow: a bug in the script or its caller. */
export class ScriptReplyError extends Error {
	constructor(name: string, reply: unknown, problem: z.ZodError) {
		const shown = JSON.stringify(reply) ?? String(reply);
		super(
			`Redis script "${name}" answered ${shown.length > 200 ? `${shown.slice(0, 200)}…` : shown}, ` +
				`which its reply schema refuses: ${problem.issues.map((i) => `${i.path.join('.') || '(reply)'}: ${i.message}`).join('; ')}`
		);
		this.name = 'ScriptReplyError';
	}
}

type Commands = Record<string, (...args: (string | number)[]) => Promise<unknown>>;

/**
 * A Lua script as a command of this connection (ioredis `defineCommand`): it is sent by its SHA1
 * (EVALSHA), with the full text only when Redis does not know it yet (a new connection, a
 * restarted server), so hot paths send a few bytes instead of the script. Defined once per
 * connection: calling this again with the same name and Lua reuses the command, another Lua
 * under a taken name is refused. The reply is parsed with `reply`.
 */
export function defineScript<R>(redis: Redis, name: string, spec: ScriptSpec<R>): Script<R> {
	const defined = (redis.scriptsSet as Record<string, { lua: string } | undefined>)[name];
	if (!defined) redis.defineCommand(name, { lua: spec.lua, numberOfKeys: spec.keys });
	else if (defined.lua !== spec.lua)
		throw new Error(`Redis script "${name}" is already defined on this connection with other Lua`);
	const command = (redis as unknown as Commands)[name];
	return async (keys, args = []) => {
		if (keys.length !== spec.keys)
			throw new Error(`Redis script "${name}" takes ${spec.keys} keys, not ${keys.length}`);
		const reply = await command.call(redis, ...keys, ...args);
		const parsed = spec.reply.safeParse(reply);
		if (!parsed.success) throw new ScriptReplyError(name, reply, parsed.error);
		return parsed.data;
	};
}
