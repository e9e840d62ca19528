import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dossierKeys, rateLimitKeys } from '../../src/lib/server/redis-keys.ts';
import { TIP_LIMITS } from '../../src/lib/server/dossier/tips.ts';
import { DossierTipSchema } from '../../src/lib/shared/dossier/schema.ts';
import { startAppWithRedis, stopAppWithRedis, type AppProcess } from '../support/app-process.ts';
import { outbox, registerAndSignIn, submitAction } from '../support/http.ts';
import { cliInvite } from '../support/admin-cli.ts';

const run = promisify(execFile);
let app: AppProcess;
let redis: Redis;
const seedFile = 'events/cooperatieven-maken-de-stad/dossier.json';

beforeAll(async () => {
	({ app, redis } = await startAppWithRedis({
		NODE_ENV: 'test',
		PLENAIR_NOW: '2022-01-17T17:20:00+01:00'
	}));
});
afterAll(() => stopAppWithRedis(app, redis));

const cliEnv = () => ({ ...process.env, PLENAIR_DATA_DIR: app.dataDir, PORT: String(app.port) });

/** npm run dossier -- …, against the running app's Redis. */
async function dossierCli(...args: string[]): Promise<{ code: number; out: string }> {
	try {
		const { stdout, stderr } = await run(
			process.execPath,
			['--import', 'tsx', 'scripts/dossier.ts', ...args],
			{ env: cliEnv() }
		);
		return { code: 0, out: stdout + stderr };
	} catch (error) {
		const e = error as { code: number; stdout: string; stderr: string };
		return { code: e.code, out: e.stdout + e.stderr };
	}
}

async function page(path: string, cookie?: string): Promise<{ status: number; text: string }> {
	const res = await fetch(`${app.url}${path}`, {
		headers: cookie ? { cookie } : {},
		redirect: 'manual'
	});
	return { status: res.status, text: await res.text() };
}

const tip = (fields: Record<string, string>) =>
	submitAction(app, '/dossier/tip', { note: '', email: '', homepage: '', ...fields });
/** An organiser's action on the review page: approve, reject, merge or theme. */
const review = (action: string, fields: Record<string, string>) =>
	submitAction(app, `/dossier/review?/${action}`, fields, moderator);
const pendingIds = () => redis.zrange(dossierKeys.pending, 0, -1);
const storedTip = async (id: string) =>
	DossierTipSchema.parse(JSON.parse((await redis.hget(dossierKeys.tips, id))!));
/** Every tip test starts with a fresh allowance for 127.0.0.1. */
async function resetTipLimits() {
	const keys = await redis.keys(rateLimitKeys.dossierTip('*'));
	if (keys.length > 0) await redis.del(...keys);
}

let moderator: string;
let attendee: string;
beforeAll(async () => {
	attendee = await registerAndSignIn(app, 'lezer@example.org');
	moderator = await registerAndSignIn(app, 'redactie@example.org', {
		invite: await cliInvite(app, 'moderator')
	});
});

describe('the seeded dossier', () => {
	it('loads the demo content on the first dossier request and shows it per theme', async () => {
		const overview = await page('/dossier');
		expect(overview.status).toBe(200);
		expect(overview.text).toContain('Wooncoöperatie De Warren');
		expect(overview.text).toContain('property="og:title"');
		expect(overview.text).toContain('application/rss+xml');
		const search = await page('/dossier?q=cooperatie+warren');
		expect(search.text).toContain('Wooncoöperatie De Warren');
		const item = await page('/dossier/de-warren');
		expect(item.status).toBe(200);
		expect(item.text).toContain('<meta property="og:url" content="http://127.0.0.1');
		expect((await page('/dossier/bestaat-niet')).status).toBe(404);
		const places = await page('/dossier/initiatieven');
		expect(places.text).toContain('Utrecht');
	});

	it('shows related items as reading tips on the session page', async () => {
		const session = await page('/sessions/toekomst-wooncooperatie');
		expect(session.text).toContain('Leesvoer uit het dossier');
		expect(session.text).toMatch(/href="[./]*\/dossier\/de-warren"/);
	});

	it('serves an RSS 2.0 feed', async () => {
		const res = await fetch(`${app.url}/dossier/feed.xml`);
		expect(res.headers.get('content-type')).toContain('application/rss+xml');
		const xml = await res.text();
		expect(xml).toContain('<rss version="2.0"');
		expect(xml).toContain('<link>http://127.0.0.1');
	});
});

describe('export and import', () => {
	it('export → import → export gives the identical dossier', async () => {
		const dir = app.dataDir;
		const first = join(dir, 'first.json');
		const second = join(dir, 'second.json');
		const small = join(dir, 'small.json');

		expect((await dossierCli('export', first)).code).toBe(0);
		const exported = JSON.parse(await readFile(first, 'utf8'));
		expect(exported).toEqual(JSON.parse(await readFile(seedFile, 'utf8')));
		// The admin download is the same document.
		const download = await fetch(`${app.url}/dossier/export.json`, {
			headers: { cookie: moderator }
		});
		expect(download.headers.get('content-disposition')).toContain('attachment');
		expect(await download.text()).toBe(await readFile(first, 'utf8'));

		// Import something else: the app shows it at once (its search index follows).
		await writeFile(
			small,
			JSON.stringify({ ...exported, items: exported.items.slice(0, 1) }, null, '\t')
		);
		expect((await dossierCli('import', small)).code).toBe(0);
		expect((await page('/dossier?q=samen030')).text).not.toContain('SAMEN030');

		// A dry run changes nothing.
		const dry = await dossierCli('import', first, '--dry-run');
		expect(dry.out).toContain('Dry run');
		expect((await page('/dossier?q=samen030')).text).not.toContain('SAMEN030');

		expect((await dossierCli('import', first)).code).toBe(0);
		expect((await dossierCli('export', second)).code).toBe(0);
		expect(await readFile(second, 'utf8')).toBe(await readFile(first, 'utf8'));
		expect((await page('/dossier?q=samen030')).text).toContain('SAMEN030');
	});

	it('refuses an invalid file, names the problems, and changes nothing', async () => {
		const before = await redis.hlen(dossierKeys.items);
		const bad = join(app.dataDir, 'bad.json');
		const doc = JSON.parse(await readFile(seedFile, 'utf8'));
		doc.items[0].title = '<script>alert(1)</script>';
		doc.items[1].url = 'http://localhost/admin';
		await writeFile(bad, JSON.stringify(doc));
		const result = await dossierCli('import', bad);
		expect(result.code).toBe(1);
		expect(result.out).toContain('items.0.title: form_dossier_markup');
		expect(result.out).toContain('items.1.url: form_dossier_link_private');
		expect(await redis.hlen(dossierKeys.items)).toBe(before);
		expect((await dossierCli('import', join(app.dataDir, 'missing.json'))).code).toBe(1);
		expect((await dossierCli('frobnicate', bad)).out).toContain('usage');
	});
});

describe('tips', () => {
	beforeEach(resetTipLimits);

	it('a tip waits for review, and an organiser publishes it under its theme', async () => {
		const sent = await tip({
			url: 'https://example.org/zonnedak-wijkschool',
			note: 'Buurtbewoners leggen samen zonnepanelen op het dak van de wijkschool.'
		});
		expect(sent.type).toBe('success');
		expect((await page('/dossier?q=zonnedak')).text).toContain('Niets gevonden');
		const [id] = await pendingIds();
		expect((await storedTip(id)).status).toBe('pending');

		const approved = await review('approve', {
			tip: id,
			kind: 'initiative',
			title: 'Zonnedak op de wijkschool',
			url: 'https://example.org/zonnedak-wijkschool',
			description: 'Een energiecoöperatie van buurtbewoners legt zonnepanelen op de school.',
			themes: 'energie',
			language: 'nl',
			place: 'Zwolle',
			initiativeType: 'energie'
		});
		expect(approved.type).toBe('success');
		expect(approved.data).toContain('zonnedak-op-de-wijkschool');
		expect(await pendingIds()).toEqual([]);
		expect((await storedTip(id)).status).toBe('published');

		const found = await page('/dossier?q=energiecooperatie+zonnedak');
		expect(found.text).toContain('Zonnedak op de wijkschool');
		const energy = await page('/dossier?theme=energie&kind=initiative');
		expect(energy.text).toContain('Zonnedak op de wijkschool');
		expect((await page('/dossier/initiatieven')).text).toContain('Zwolle');
		expect(await (await fetch(`${app.url}/dossier/feed.xml`)).text()).toContain(
			'Zonnedak op de wijkschool'
		);

		// Approving the same tip twice publishes nothing more.
		const again = await review('approve', {
			tip: id,
			kind: 'article',
			title: 'Nog eens',
			description: 'x',
			themes: 'energie',
			language: 'nl'
		});
		expect(again.status).toBe(409);
		expect(again.data).toContain('form_dossier_tip_gone');
	});

	it('an approve form with bad fields is refused field by field and publishes nothing', async () => {
		await tip({ url: 'https://example.org/half' });
		const [id] = await pendingIds();
		const before = await redis.hlen(dossierKeys.items);
		const refused = await review('approve', {
			tip: id,
			kind: 'article',
			title: '<img src=x onerror=alert(1)>',
			description: 'x'.repeat(1001),
			themes: 'bestaat-niet',
			language: 'nl',
			sessions: 'plenaire-opening'
		});
		expect(refused.status).toBe(400);
		expect(refused.data).toContain('form_dossier_markup');
		expect(refused.data).toContain('form_dossier_description_invalid');
		expect(await redis.hlen(dossierKeys.items)).toBe(before);
		expect(await pendingIds()).toEqual([id]);
		await review('reject', { tip: id, reason: '' });
	});

	it('a rejection with a reason is mailed to the sender, whose address is then forgotten', async () => {
		await tip({ url: 'https://example.org/reclame', email: 'Inzender@Example.org' });
		const [id] = await pendingIds();
		expect((await storedTip(id)).email).toBe('inzender@example.org');
		const rejected = await review('reject', {
			tip: id,
			reason: 'Dit is een advertentie, geen coöperatie.'
		});
		expect(rejected.type).toBe('success');
		const mail = (await outbox(app)).find((m) => m.to === 'inzender@example.org')!;
		expect(mail.text).toContain('Dit is een advertentie, geen coöperatie.');
		expect(mail.text).toContain('https://example.org/reclame');
		const closed = await storedTip(id);
		expect(closed.status).toBe('rejected');
		expect(closed.email).toBeUndefined();
	});

	it('a tip for a link already in the dossier shows the item and can be merged', async () => {
		await tip({ url: 'http://www.dewarren.nl/?utm_source=nieuwsbrief' });
		const [id] = await pendingIds();
		const reviewPage = await page('/dossier/review', moderator);
		expect(reviewPage.text).toContain('Deze link staat al in het dossier');
		expect(reviewPage.text).toMatch(/href="[./]*\/dossier\/de-warren"/);
		const merged = await review('merge', { tip: id, item: 'de-warren' });
		expect(merged.type).toBe('success');
		expect(await storedTip(id)).toMatchObject({ status: 'duplicate', duplicateOf: 'de-warren' });
	});

	it('refuses bad input with a clear message per field and stores nothing', async () => {
		const cases: [Record<string, string>, string][] = [
			[{ url: 'dewarren' }, 'form_dossier_link_invalid'],
			[{ url: 'javascript:alert(document.cookie)' }, 'form_dossier_link_scheme'],
			[{ url: 'http://192.168.1.1/admin' }, 'form_dossier_link_private'],
			[{ url: 'https://jan:geheim@example.org/' }, 'form_dossier_link_credentials'],
			[{ url: `https://example.org/${'a'.repeat(2100)}` }, 'form_dossier_link_too_long'],
			[{ url: 'https://example.org/', note: 'x'.repeat(1001) }, 'form_dossier_note_invalid'],
			[{ url: 'https://example.org/', note: '<script>alert(1)</script>' }, 'form_dossier_markup']
		];
		for (const [fields, key] of cases) {
			const result = await tip(fields);
			expect(result.status, key).toBe(400);
			expect(result.data, key).toContain(key);
		}
		expect(await pendingIds()).toEqual([]);
	});

	it('the honeypot stops automated submissions without telling them', async () => {
		const filled = await tip({ url: 'https://spam.example/', homepage: 'https://spam.example/' });
		expect(filled.type).toBe('success');
		// A script posting only the fields it knows about is stopped too.
		const bare = await submitAction(app, '/dossier/tip', { url: 'https://spam.example/2' });
		expect(bare.type).toBe('success');
		expect(await pendingIds()).toEqual([]);
	});

	it(`refuses tip ${TIP_LIMITS.perIp + 1} from one address with a clear message`, async () => {
		const results = [];
		for (let i = 0; i <= TIP_LIMITS.perIp; i++)
			results.push(await tip({ url: `https://example.org/vloed/${i}` }));
		expect(results.slice(0, -1).every((r) => r.type === 'success')).toBe(true);
		const last = results.at(-1)!;
		expect(last.status).toBe(429);
		expect(last.data).toContain('form_rate_limited');
		expect(await pendingIds()).toHaveLength(TIP_LIMITS.perIp);
		// Robots count too: the honeypot does not bypass the limit.
		const trapped = await tip({ url: 'https://spam.example/', homepage: 'x' });
		expect(trapped.status).toBe(429);
	});
});

describe('who may review', () => {
	const actions = ['approve', 'reject', 'merge', 'theme'];

	it('review actions are 401 for anonymous and 403 for attendees', async () => {
		const statuses: Record<string, [number, number]> = {};
		for (const action of actions) {
			const fields = { tip: '0b6f7c1e-2f0a-4f4e-9a55-2b8f2d2a8e11', item: 'de-warren' };
			statuses[action] = [
				(await submitAction(app, `/dossier/review?/${action}`, fields)).status,
				(await submitAction(app, `/dossier/review?/${action}`, fields, attendee)).status
			];
		}
		statuses['GET /dossier/review'] = [
			(await page('/dossier/review')).status,
			(await page('/dossier/review', attendee)).status
		];
		statuses['GET /dossier/export.json'] = [
			(await page('/dossier/export.json')).status,
			(await page('/dossier/export.json', attendee)).status
		];
		expect(Object.values(statuses).every(([a, b]) => a === 401 && b === 403)).toBe(true);
		expect(statuses).toMatchObject({ approve: [401, 403] });
	});

	it('organisers may review and add a theme', async () => {
		expect((await page('/dossier/review', moderator)).status).toBe(200);
		const added = await review('theme', { id: 'mobiliteit', nl: 'Mobiliteit', en: 'Mobility' });
		expect(added.type).toBe('success');
		expect((await page('/dossier')).text).toContain('Mobiliteit');
		const twice = await review('theme', { id: 'mobiliteit', nl: 'Mobiliteit' });
		expect(twice.data).toContain('form_dossier_theme_id_taken');
	});
});
