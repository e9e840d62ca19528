// Command-line administration. The first admin comes from here:
//   npm run admin -- invite --role admin [--session <id>] [--uses 1] [--hours 72]
import { parseArgs } from 'node:util';
import { withAppRedis } from '../server/app-redis.ts';
import { parseConfig, publicOrigin } from '../src/lib/server/config.ts';
import { loadEventFile } from '../src/lib/server/event-file.ts';
import { ProgrammeStore } from '../src/lib/server/programme/programme-store.ts';
import { createStores } from '../src/lib/server/stores.ts';
import { InviteForm } from '../src/lib/shared/auth-forms.ts';

const USAGE =
	'usage: npm run admin -- invite --role admin|moderator|speaker [--session ID] [--uses N] [--hours H]';

async function main(): Promise<void> {
	const { positionals, values } = parseArgs({
		allowPositionals: true,
		options: {
			role: { type: 'string' },
			session: { type: 'string' },
			uses: { type: 'string', default: '1' },
			hours: { type: 'string', default: '72' }
		}
	});
	if (positionals[0] !== 'invite') throw new Error(USAGE);
	const parsed = InviteForm.safeParse(values);
	if (!parsed.success)
		throw new Error(
			`${parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n')}\n${USAGE}`
		);
	const { role, session, uses, hours } = parsed.data;

	const config = parseConfig(process.env);
	await withAppRedis(config, async (redis) => {
		// The programme as the app has it (the editor may have added sessions), else the file.
		const event =
			(await new ProgrammeStore(redis).load())?.event ?? (await loadEventFile(config.eventFile));
		if (session && !event.sessions.some((s) => s.id === session))
			throw new Error(`--session: no session "${session}" in the programme`);
		const { auth } = createStores(redis, config);
		const { token, invite } = await auth.invites.create({
			grant: { role, session },
			hours,
			uses,
			createdBy: 'cli'
		});
		const origin = publicOrigin(config, config.PORT);
		console.log(
			`Invite for ${role}${session ? ` of ${session}` : ''}, ${uses} use(s), until ${new Date(invite.expiresAt).toISOString()}:`
		);
		console.log(`${origin}/invite/${token}`);
	});
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
