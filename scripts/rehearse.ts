// A rehearsal of the evening on a copy, at speed:
//   npm run rehearse -- --from 17:10 [--speed 60] [--port 3100]
// Runs the built app (npm run build first) on its own data folder (<data>/rehearsal, emptied
// each time), with its own redis-server and livekit-server, and the live programme copied in: the
// live event's data is never touched. Its clock starts at --from on the event's first day (or an
// ISO instant) and runs --speed times as fast.
import { spawn } from 'node:child_process';
import { access, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { withAppRedis } from '../server/app-redis.ts';
import { parseConfig } from '../src/lib/server/config.ts';
import { loadEventFile } from '../src/lib/server/event-file.ts';
import { ProgrammeStore } from '../src/lib/server/programme/programme-store.ts';
import type { EventFile } from '../src/lib/shared/event-schema.ts';
import { localize } from '../src/lib/shared/programme.ts';
import { instantOnDayOf, isoInZone } from '../src/lib/shared/zoned-time.ts';

/** The built app (`npm run build`), as `npm start` runs it. */
const APP_ENTRY = 'build/plenair/main.js';
const USAGE = 'usage: npm run rehearse -- --from HH:MM|ISO-instant [--speed 60] [--port 3100]';

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			from: { type: 'string' },
			speed: { type: 'string', default: '60' },
			port: { type: 'string', default: '3100' }
		}
	});
	const speed = Number(values.speed);
	const port = Number(values.port);
	if (!values.from) throw new Error(USAGE);
	if (!Number.isFinite(speed) || speed < 1 || speed > 1000)
		throw new Error(`--speed: a number from 1 to 1000, not "${values.speed}"\n${USAGE}`);
	if (!Number.isInteger(port) || port < 1 || port > 65535)
		throw new Error(`--port: a port number, not "${values.port}"\n${USAGE}`);
	await access(APP_ENTRY).catch(() => {
		throw new Error(`${APP_ENTRY} is missing: run \`npm run build\` first`);
	});

	const config = parseConfig(process.env);
	const programme = await liveProgramme(config);
	const tz = programme.event.timezone;
	const from = /^\d{1,2}:\d{2}$/.test(values.from)
		? instantOnDayOf(programme.event.start, values.from, tz)
		: Date.parse(values.from);
	if (!Number.isFinite(from))
		throw new Error(`--from: a time like 17:10 or an instant with an offset\n${USAGE}`);

	const dir = join(config.dataDir, 'rehearsal');
	await rm(dir, { recursive: true, force: true });
	await mkdir(dir, { recursive: true });
	const eventFile = join(dir, 'event.json');
	await writeFile(eventFile, JSON.stringify(programme, null, 2));
	const origin = `http://127.0.0.1:${port}`;
	console.log(
		`Rehearsal of "${localize(programme.event.title, programme.event.languages[0])}" from ` +
			`${isoInZone(from, tz)} at ${speed}×, on ${origin}\n` +
			`Its data is in ${dir}; the live event is not touched. Invite yourself with\n` +
			`  PLENAIR_DATA_DIR=${dir} PLENAIR_EVENT_FILE=${eventFile} npm run admin -- invite --role admin\n` +
			`and follow the sign-in link on ${origin}/dev/outbox.`
	);
	const env: NodeJS.ProcessEnv = {
		...process.env,
		NODE_ENV: 'development',
		PORT: String(port),
		ORIGIN: origin,
		PLENAIR_DATA_DIR: dir,
		PLENAIR_EVENT_FILE: eventFile,
		PLENAIR_NOW: isoInZone(from, tz),
		PLENAIR_CLOCK_SPEED: String(speed),
		PLENAIR_AUTO_RECORD: 'false'
	};
	// Its own Redis and LiveKit, never the live ones.
	delete env.REDIS_URL;
	delete env.LIVEKIT_URL;
	const child = spawn(process.execPath, [APP_ENTRY], { env, stdio: 'inherit' });
	for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
	child.on('exit', (code) => process.exit(code ?? 0));
}

/** The programme as the live event has it now (its Redis), else the event file. */
async function liveProgramme(config: ReturnType<typeof parseConfig>): Promise<EventFile> {
	try {
		const stored = await withAppRedis(config, (redis) => new ProgrammeStore(redis).load());
		if (stored) return stored.event;
	} catch (error) {
		console.warn(
			`[rehearse] the live programme could not be read (${(error as Error).message}); using ${config.eventFile}`
		);
	}
	return loadEventFile(config.eventFile);
}

main().catch((error: Error) => {
	console.error(error.message);
	process.exit(1);
});
