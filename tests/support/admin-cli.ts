import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { AppProcess } from './app-process.ts';

const run = promisify(execFile);

/**
 * An invite code made with the admin command line (`npm run admin -- invite`) for an app's data
 * directory; its link names the app's address.
 */
export async function cliInvite(
	app: Pick<AppProcess, 'dataDir' | 'url'>,
	role: string,
	options: { session?: string; uses?: number; env?: Record<string, string> } = {}
): Promise<string> {
	const args = ['--import', 'tsx', 'scripts/admin.ts', 'invite', '--role', role];
	if (options.session) args.push('--session', options.session);
	if (options.uses) args.push('--uses', String(options.uses));
	const { stdout } = await run(process.execPath, args, {
		env: {
			...process.env,
			PLENAIR_DATA_DIR: app.dataDir,
			ORIGIN: app.url,
			...options.env
		}
	});
	const link = stdout.match(/\/invite\/([\w-]+)/);
	if (!link) throw new Error(`no invite link in: ${stdout}`);
	return link[1];
}
