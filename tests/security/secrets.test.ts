import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, TEST_LIVEKIT_SECRET, type AppProcess } from '../support/app-process.ts';

/* Any local user can read every process's command line (`ps aux`); no secret may be in one. */
let app: AppProcess;

beforeAll(async () => {
	app = await startApp({ NODE_ENV: 'test' });
});
afterAll(() => app?.stop());

function commandLines(): { pid: string; cmdline: string }[] {
	const lines = [];
	for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
		try {
			lines.push({ pid, cmdline: readFileSync(`/proc/${pid}/cmdline`, 'utf8') });
		} catch {
			// gone meanwhile
		}
	}
	return lines;
}

describe('secrets on this machine', () => {
	it('keeps the LiveKit API secret out of every process list entry', () => {
		const all = commandLines();
		// The livekit-server child is really running (so the check below is not vacuous).
		const livekit = all.filter((p) => /livekit/.test(p.cmdline) && /\bserver\b/.test(p.cmdline));
		expect(livekit.length).toBeGreaterThan(0);
		for (const { pid, cmdline } of all)
			expect(cmdline.includes(TEST_LIVEKIT_SECRET), `process ${pid}: ${cmdline}`).toBe(false);
	});
});
