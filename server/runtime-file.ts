import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * Where a running app's child redis-server can be reached, so command-line tools (npm run admin)
 * talk to the same data. Written under the data folder at start-up.
 */
const RuntimeSchema = z.object({
	pid: z.number().int(),
	redisUrl: z.string().optional(),
	/** The livekit-server child's process group (chaos tests restart it). */
	livekitProcessGroup: z.number().int().optional(),
	/** The livekit-server child's API address (never its keys). */
	livekitUrl: z.string().optional()
});
export type Runtime = z.infer<typeof RuntimeSchema>;

const fileOf = (dataDir: string) => join(dataDir, 'runtime.json');

/** Adds to what this process wrote before (a stale file from another process is replaced). */
export async function writeRuntimeFile(dataDir: string, runtime: Runtime): Promise<void> {
	let current: Partial<Runtime> = {};
	try {
		const parsed = RuntimeSchema.parse(JSON.parse(await readFile(fileOf(dataDir), 'utf8')));
		if (parsed.pid === runtime.pid) current = parsed;
	} catch {
		// none yet
	}
	await mkdir(dataDir, { recursive: true });
	await writeFile(fileOf(dataDir), JSON.stringify({ ...current, ...runtime }));
}

/** The runtime of an app that is still running on this data folder, if any. */
export async function readLiveRuntime(dataDir: string): Promise<Runtime | undefined> {
	try {
		const runtime = RuntimeSchema.parse(JSON.parse(await readFile(fileOf(dataDir), 'utf8')));
		process.kill(runtime.pid, 0);
		return runtime;
	} catch {
		return undefined;
	}
}
