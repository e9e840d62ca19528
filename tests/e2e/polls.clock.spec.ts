import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { E2E } from '../../playwright.config.ts';
import { newId } from '../../src/lib/shared/board/sync.ts';
import type { Ack } from '../../src/lib/shared/realtime/protocol.ts';
import { clientPool } from '../support/realtime-client.ts';
import {
	cliInvite,
	connected,
	expectNoAxeViolations,
	joinAsGuest,
	screenshot,
	setClock,
	signUp
} from './support.ts';

/*
 * The closing plenary (21:30–22:00 on the "clock" server): a moderator asks a poll, a viewer
 * answers it, the result goes on stage; then a finished brainstorm's results go on stage and the
 * moderator steps through them, while the viewer watches.
 */
test.describe.configure({ mode: 'serial' });
const pool = clientPool();
test.afterAll(() => pool.closeAll());
// Pages left open would follow the programme into the next test's plenary: close them all.
const opened: BrowserContext[] = [];
test.afterEach(async () => {
	await Promise.all(opened.splice(0).map((c) => c.close()));
});

const PLENARY = '/sessions/plenaire-afsluiting/room';
const BRAINSTORM = 'brainstorm-overwaarde';

async function newPage(browser: Browser): Promise<Page> {
	const context = await browser.newContext();
	opened.push(context);
	return context.newPage();
}

async function moderatorPage(browser: Browser, email: string): Promise<Page> {
	const page = await newPage(browser);
	await setClock(page, '2022-01-17T21:35:00+01:00');
	await signUp(page, 'Mia Moderator', email, await cliInvite('clock', 'moderator'));
	return page;
}

async function viewerPage(browser: Browser, name: string): Promise<Page> {
	const page = await newPage(browser);
	await joinAsGuest(page, name, PLENARY);
	await connected(page);
	return page;
}

test('a moderator asks a poll, a viewer answers it, and the result goes on stage for everyone', async ({
	browser
}) => {
	const moderator = await moderatorPage(browser, 'mia-polls@example.org');
	await moderator.goto(`${PLENARY}#polls`);
	await connected(moderator);
	const panel = moderator.locator('[data-panel="polls"]');
	await panel.getByRole('textbox', { name: 'Vraag' }).fill('Welke coöperatie start u als eerste?');
	await panel.getByRole('textbox', { name: 'Antwoord 1' }).fill('Wonen');
	await panel.getByRole('textbox', { name: 'Antwoord 2' }).fill('Energie');
	await panel.getByRole('button', { name: 'Antwoord toevoegen' }).click();
	await panel.getByRole('textbox', { name: 'Antwoord 3' }).fill('Voedsel');
	await panel.getByRole('button', { name: 'Nu stellen' }).click();
	const asked = panel.locator('[data-status="open"]');
	await expect(asked).toBeVisible();

	const viewer = await viewerPage(browser, 'Pia Peiling');
	// The tab counts the open poll this person has not answered.
	const tab = viewer.getByRole('tab', { name: /Peilingen/ });
	await expect(tab).toContainText('1');
	await tab.click();
	await viewer.getByRole('radio', { name: 'Energie' }).check();
	await viewer.getByRole('button', { name: 'Antwoord geven' }).click();
	await expect(viewer.getByText('Je antwoord is ontvangen.')).toBeVisible();
	await expect(tab).not.toContainText('1');
	await expectNoAxeViolations(viewer);

	// The moderator's count moves; the poll goes on stage.
	await expect(asked.locator('[data-option="o2"]')).toHaveAttribute('data-count', '1');
	await screenshot(moderator, 'poll-moderator');
	await asked.getByRole('button', { name: 'Op het podium tonen' }).click();
	const stage = viewer.locator('[data-stage-view="poll"]');
	await expect(
		stage.getByRole('heading', { name: 'Welke coöperatie start u als eerste?' })
	).toBeVisible();
	await expect(stage.locator('[data-option="o2"]')).toContainText('Energie 1 (100%)');
	await expect(stage.locator('[data-option="o1"]')).toContainText('Wonen 0 (0%)');
	await screenshot(viewer, 'poll-on-stage');
	await viewer.setViewportSize({ width: 390, height: 844 });
	await screenshot(viewer, 'poll-on-stage');
	await expectNoAxeViolations(viewer);

	await asked.getByRole('button', { name: 'Peiling sluiten' }).click();
	await expect(stage).toContainText('Uitslag van de peiling');
	await expect(viewer.getByRole('button', { name: 'Antwoord wijzigen' })).toHaveCount(0);
	await asked
		.page()
		.locator('[data-status="closed"]')
		.getByRole('button', { name: 'Van het podium halen' })
		.click();
	await expect(stage).toHaveCount(0);

	// Afterwards the session page keeps the result.
	await viewer.goto('/sessions/plenaire-afsluiting');
	const kept = viewer.getByRole('region', { name: 'Welke coöperatie start u als eerste?' });
	await expect(kept).toContainText('Antwoorden: 1');
	await expect(kept.locator('[data-option="o2"]')).toHaveAttribute('data-count', '1');
});

test('a finished brainstorm’s results go on the closing plenary’s stage, step by step, for a viewer', async ({
	browser
}) => {
	const moderator = await moderatorPage(browser, 'mia-stage@example.org');
	const session = (await moderator.context().cookies()).find((c) => c.name === 'plenair_session')!;
	const client = await pool.connect(
		`http://127.0.0.1:${E2E.clock.port}`,
		`plenair_session=${session.value}`
	);
	// The brainstorm runs to its results: two groups, the first with more votes.
	const op = async (o: Record<string, unknown>) => {
		const reply = (await client.request('board:op', {
			session: BRAINSTORM,
			op: { id: newId(), ...o } as never
		})) as Ack<object>;
		expect(reply.ok, JSON.stringify(reply)).toBe(true);
	};
	expect((await client.request('board:join', { session: BRAINSTORM })).ok).toBe(true);
	await op({ type: 'phase', to: 'collect' });
	const [a, b, c] = [newId(), newId(), newId()];
	await op({ type: 'add-note', note: a, text: 'Overwaarde naar een buurtfonds', question: 0 });
	await op({ type: 'add-note', note: b, text: 'Leden lenen aan leden', question: 0 });
	await op({ type: 'add-note', note: c, text: 'Huur onder de markt houden', question: 0 });
	await op({ type: 'phase', to: 'group' });
	const [fund, rent] = [newId(), newId()];
	await op({ type: 'add-group', group: fund, name: 'Fondsen' });
	await op({ type: 'add-group', group: rent, name: 'Betaalbaar blijven' });
	await op({ type: 'move-note', note: a, group: fund });
	await op({ type: 'move-note', note: b, group: fund });
	await op({ type: 'move-note', note: c, group: rent });
	await op({ type: 'phase', to: 'vote' });
	await op({ type: 'vote', note: a, delta: 1 });
	await op({ type: 'vote', note: b, delta: 1 });
	await op({ type: 'vote', note: c, delta: 1 });
	await op({ type: 'phase', to: 'results' });

	const viewer = await viewerPage(browser, 'Wim Stemmer');
	await moderator.goto(`${PLENARY}#manage`);
	await connected(moderator);
	const controls = moderator.locator('[data-stage-controls]');
	await controls
		.getByRole('combobox', { name: 'Resultaten van een brainstorm' })
		.selectOption(BRAINSTORM);
	await controls.getByRole('button', { name: 'Resultaten tonen' }).click();

	const stage = viewer.locator('[data-stage-view="brainstorm"]');
	await expect(stage.getByRole('heading', { name: /Overwaarde/ })).toBeVisible();
	await expect(stage.locator('[aria-current="step"]')).toContainText('Fondsen');
	await expect(stage.locator('[aria-current="step"]')).toContainText('Leden lenen aan leden');
	await expect(stage.locator('[data-stage-result="1"]')).toContainText('Betaalbaar blijven');
	await screenshot(viewer, 'brainstorm-on-stage');
	await expectNoAxeViolations(viewer);

	await controls.getByRole('button', { name: 'Volgende' }).click();
	await expect(stage.locator('[aria-current="step"]')).toContainText('Betaalbaar blijven');
	await expect(stage.locator('[aria-current="step"]')).toContainText('Huur onder de markt houden');
	await expect(controls).toContainText('2 van 2');
	await screenshot(moderator, 'brainstorm-stage-controls');
	await viewer.setViewportSize({ width: 390, height: 844 });
	await screenshot(viewer, 'brainstorm-on-stage');

	// The plenary's session page links to the evening's brainstorm results.
	await viewer.goto('/sessions/plenaire-afsluiting');
	await viewer.locator(`[data-evening-result="${BRAINSTORM}"]`).click();
	await expect(viewer.locator('[data-board-results]')).toContainText('Fondsen');
});
