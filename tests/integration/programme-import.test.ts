import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliInvite } from '../support/admin-cli.ts';
import { startApp, type AppProcess } from '../support/app-process.ts';
import { registerAndSignIn, submitAction } from '../support/http.ts';

/*
 * An admin imports a schedule by upload in the browser (here the form's POSTs): the check
 * shows what would change and what was left out, nothing changes until "apply", and files
 * that cannot be read as they are get a clear refusal. Real app process with its Redis, real
 * public exports (tests/fixtures/README.md).
 */
const FRAB = 'tests/fixtures/frab-camp2019-schedule.json';
const PRETALX = 'tests/fixtures/pretalx-rc3-schedule.json';
// Counted in the fixtures by hand (jq): day 5 of Camp 2019, day 1 of rC3 Channels.
const FRAB_SESSIONS = 9;
const PRETALX_SESSIONS = 12;

let app: AppProcess;
let admin: string;
let otherAdmin: string;
let attendee: string;

beforeAll(async () => {
	app = await startApp({ NODE_ENV: 'test', PLENAIR_NOW: '2022-01-17T15:00:00+01:00' });
	admin = await registerAndSignIn(app, 'importeur@example.org', {
		invite: await cliInvite(app, 'admin'),
		name: 'Ida Importeur'
	});
	otherAdmin = await registerAndSignIn(app, 'tweede@example.org', {
		invite: await cliInvite(app, 'admin'),
		name: 'Tim Tweede'
	});
	attendee = await registerAndSignIn(app, 'gewoon@example.org');
}, 120_000);

afterAll(async () => {
	await app?.stop();
});

function upload(bytes: Uint8Array<ArrayBuffer>, name: string, timezone = ''): FormData {
	const form = new FormData();
	form.set('file', new File([bytes], name, { type: 'application/json' }));
	form.set('timezone', timezone);
	return form;
}

async function version(): Promise<string> {
	const html = await (
		await fetch(`${app.url}/admin/programme`, { headers: { cookie: admin } })
	).text();
	return /data-programme-version="(\d+)"/.exec(html)![1];
}

const draftIn = (data: string) =>
	/"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"/.exec(data)?.[1];

describe('importing a schedule in the browser', () => {
	it('is for admins only', async () => {
		const res = await submitAction(
			app,
			'/admin/programme/import?/preview',
			upload(readFileSync(FRAB), 'x.json'),
			attendee
		);
		expect(res.status).toBe(403);
	});

	it('refuses a file that is not UTF-8, naming the encoding', async () => {
		const latin1 = Buffer.from(readFileSync(FRAB, 'utf8').replace('Curie', 'Curié'), 'latin1');
		const res = await submitAction(
			app,
			'/admin/programme/import?/preview',
			upload(latin1, 'latin1.json'),
			admin
		);
		expect(res.status).toBe(400);
		expect(res.data).toContain('form_import_refused');
		expect(res.data).toMatch(/not UTF-8: byte 0xE9.*Latin-1/);
	});

	it('asks for a time zone when the file names none, then checks it with the one given', async () => {
		const bytes = readFileSync(PRETALX);
		const without = await submitAction(
			app,
			'/admin/programme/import?/preview',
			upload(bytes, 'rc3.json'),
			admin
		);
		expect(without.status).toBe(400);
		expect(without.data).toContain('"needsZone"');
		expect(without.data).toContain('schedule.conference.time_zone_name');

		const bad = await submitAction(
			app,
			'/admin/programme/import?/preview',
			upload(bytes, 'rc3.json', 'Mars/Olympus'),
			admin
		);
		expect(bad.status).toBe(400);
		expect(bad.data).toContain('form_programme_timezone');

		const given = await submitAction(
			app,
			'/admin/programme/import?/preview',
			upload(bytes, 'rc3.json', 'Europe/Berlin'),
			admin
		);
		expect(given.type).toBe('success');
		expect(given.data).toContain('"rc3.json"');
	});

	it('shows what an upload would change with its warnings, and applies it only when asked', async () => {
		const before = await version();
		const res = await submitAction(
			app,
			'/admin/programme/import?/preview',
			upload(readFileSync(FRAB), 'camp2019.json'),
			admin
		);
		expect(res.type).toBe('success');
		// The camp's broken link is left out with a warning at its place; the rest comes in.
		expect(res.data).toContain('schedule.conference.days[0].rooms.Curie[0].links[0].url');
		const draft = draftIn(res.data);
		expect(draft).toBeDefined();
		// Nothing changed yet.
		expect(await version()).toBe(before);

		// Another admin cannot apply it.
		const theirs = await submitAction(
			app,
			'/admin/programme/import?/apply',
			{ version: before, draft: draft! },
			otherAdmin
		);
		expect(theirs.status).toBe(404);

		const applied = await submitAction(
			app,
			'/admin/programme/import?/apply',
			{ version: before, draft: draft! },
			admin
		);
		expect(applied).toMatchObject({ type: 'redirect', location: '/admin/programme?saved=import' });
		expect(Number(await version())).toBe(Number(before) + 1);

		const schedule = (await (await fetch(`${app.url}/schedule.json`)).json()) as {
			schedule: { conference: { acronym: string; days: { rooms: Record<string, unknown[]> }[] } };
		};
		const events = schedule.schedule.conference.days.flatMap((d) => Object.values(d.rooms).flat());
		expect(events).toHaveLength(FRAB_SESSIONS);
		// The instance keeps its address: links and calendars made before stay valid.
		// (frab's acronym is the slug, in the export's own spelling.)
		expect(schedule.schedule.conference.acronym).toMatch(/^cooperatieven[-_]maken[-_]de[-_]stad$/);

		// Applied once: the draft is gone.
		const again = await submitAction(
			app,
			'/admin/programme/import?/apply',
			{ version: String(Number(before) + 1), draft: draft! },
			admin
		);
		expect(again.status).toBe(404);
		expect(again.data).toContain('form_import_expired');

		const history = await (
			await fetch(`${app.url}/admin/programme`, { headers: { cookie: admin } })
		).text();
		expect(history).toContain('programme imported from camp2019.json');
	});

	it('refuses to apply a check made on a version someone else has since replaced', async () => {
		const base = await version();
		const rc3 = await submitAction(
			app,
			'/admin/programme/import?/preview',
			upload(readFileSync(PRETALX), 'rc3.json', 'Europe/Berlin'),
			admin
		);
		const draft = draftIn(rc3.data)!;
		// Meanwhile the other admin moves a session.
		const html = await (
			await fetch(`${app.url}/admin/programme`, { headers: { cookie: otherAdmin } })
		).text();
		const session = /data-session="([a-z0-9-]+)"/.exec(html)![1];
		const moved = await submitAction(
			app,
			'/admin/programme?/shift',
			{ version: base, target: `session:${session}`, minutes: '5' },
			otherAdmin
		);
		expect(moved.type).toBe('success');

		const stale = await submitAction(
			app,
			'/admin/programme/import?/apply',
			{ version: base, draft },
			admin
		);
		expect(stale.status).toBe(409);
		expect(stale.data).toContain('form_programme_stale');
		expect(stale.data).toContain('Tim Tweede');

		const applied = await submitAction(
			app,
			'/admin/programme/import?/apply',
			{ version: await version(), draft },
			admin
		);
		expect(applied.type).toBe('redirect');
		const after = (await (await fetch(`${app.url}/schedule.json`)).json()) as {
			schedule: { conference: { days: { rooms: Record<string, unknown[]> }[] } };
		};
		expect(
			after.schedule.conference.days.flatMap((d) => Object.values(d.rooms).flat())
		).toHaveLength(PRETALX_SESSIONS);
	});

	it('keeps a closed event closed: who may take part is the instance’s, not the schedule’s', async () => {
		const closed = await submitAction(
			app,
			'/admin/programme/event?/save',
			{
				version: await version(),
				title_nl: 'Een gesloten conferentie',
				timezone: 'Europe/Berlin',
				start_date: '2020-12-27',
				start_time: '10:00',
				end_date: '2020-12-31',
				end_time: '23:00',
				languages: 'nl,en',
				access: 'invite'
			},
			admin
		);
		expect(closed.type).toBe('redirect');
		const preview = await submitAction(
			app,
			'/admin/programme/import?/preview',
			upload(readFileSync(PRETALX), 'rc3.json', 'Europe/Berlin'),
			admin
		);
		const applied = await submitAction(
			app,
			'/admin/programme/import?/apply',
			{ version: await version(), draft: draftIn(preview.data)! },
			admin
		);
		expect(applied.type).toBe('redirect');
		const register = await (await fetch(`${app.url}/register`)).text();
		expect(register).toContain('Deze conferentie is alleen op uitnodiging.');
	});
});
