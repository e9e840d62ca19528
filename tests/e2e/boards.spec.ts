import { expect, test, type Page } from '@playwright/test';
import { cliInvite, expectNoAxeViolations, joinAsGuest, signUp } from './support.ts';

// The "app" server's clock is at 17:20: this brainstorm (17:15–18:15) is live.
const SESSION = 'brainstorm-cooperatieve-tech';
const ROOM = `/sessions/${SESSION}/room`;

const phase = (page: Page, name: string) =>
	expect(page.locator(`[data-board-phase="${name}"]`)).toBeVisible({ timeout: 15_000 });

async function addNote(page: Page, text: string, how: 'enter' | 'button') {
	await page.getByLabel('Jouw idee').fill(text);
	if (how === 'enter') await page.getByLabel('Jouw idee').press('Enter');
	else await page.getByRole('button', { name: 'Plak notitie' }).click();
	await expect(page.locator('.note', { hasText: text })).toBeVisible();
}

test('two people collect, group and vote on a board, and the export ranks the result', async ({
	browser
}) => {
	// A long journey (two people, video on, every phase): give it room on a loaded CI machine.
	test.setTimeout(150_000);
	const [modContext, guestContext] = await Promise.all([
		browser.newContext(),
		browser.newContext()
	]);
	const [mod, guest] = await Promise.all([modContext.newPage(), guestContext.newPage()]);
	await signUp(
		mod,
		'Mira Moderator',
		'mira.board@example.org',
		await cliInvite('app', 'moderator', SESSION)
	);
	await mod.goto(ROOM);
	await joinAsGuest(guest, 'Gijs', ROOM);
	await phase(mod, 'prepare');
	await phase(guest, 'prepare');
	await expect(guest.getByText('Op het bord (2): Gijs, Mira Moderator')).toBeVisible();

	// The moderator sets three votes per person and opens the collect phase.
	await mod.getByLabel('Stemmen per persoon').fill('3');
	await mod.getByRole('button', { name: 'Instellingen opslaan' }).click();
	await expect(mod.getByText('De instellingen zijn opgeslagen.')).toBeVisible();
	await expect(guest.getByRole('button', { name: 'Volgende fase' })).toHaveCount(0);
	await mod.getByRole('button', { name: 'Volgende fase: Ideeën verzamelen' }).click();
	await phase(guest, 'collect');
	await expect(guest.locator('[data-board-timer]')).toContainText(/\d\d:\d\d/);

	await addNote(guest, 'Gedeelde ledenadministratie', 'enter');
	await addNote(guest, 'Coöperatief hostingplatform', 'button');
	await addNote(mod, 'Open source als gemeengoed', 'enter');
	// Others' notes stay hidden until grouping starts.
	await expect(mod.locator('.note.hidden')).toHaveCount(2);
	await expect(mod.getByText('Gedeelde ledenadministratie')).toHaveCount(0);
	await expectNoAxeViolations(guest);

	await mod.getByRole('button', { name: 'Volgende fase: Groeperen' }).click();
	await phase(guest, 'group');
	await expect(mod.getByText('Gedeelde ledenadministratie', { exact: true })).toBeVisible();
	await mod.getByLabel('Naam van de nieuwe groep').fill('Software');
	await mod.getByRole('button', { name: 'Maak groep' }).click();
	// Moving a note needs no mouse: a select per note.
	const move = guest.getByLabel('Groep voor notitie: Gedeelde ledenadministratie');
	await expect(move.locator('option', { hasText: 'Software' })).toHaveCount(1);
	await move.selectOption({ label: 'Software' });
	await mod
		.getByLabel('Groep voor notitie: Open source als gemeengoed')
		.selectOption({ label: 'Software' });
	const group = mod.getByRole('region', { name: 'Software' });
	await expect(group.locator('.note')).toHaveCount(2);

	await mod.getByRole('button', { name: 'Volgende fase: Stemmen' }).click();
	await phase(guest, 'vote');
	await phase(mod, 'vote');
	const voteFor = (page: Page, text: string) =>
		page.getByRole('button', { name: `Stem op: ${text}` }).click();
	await voteFor(guest, 'Gedeelde ledenadministratie');
	await voteFor(guest, 'Gedeelde ledenadministratie');
	await voteFor(guest, 'Coöperatief hostingplatform');
	await expect(guest.getByText('Je hebt nog 0 van je 3 stemmen.')).toBeVisible();
	// The budget is spent: the vote button says so before it is pressed, and cannot be pressed.
	const spent = guest.getByRole('button', {
		name: 'Je stemmen zijn op: Open source als gemeengoed'
	});
	await expect(spent).toBeDisabled();
	await expect(spent).toHaveText('Je stemmen zijn op');
	await voteFor(mod, 'Gedeelde ledenadministratie');
	await expect(mod.getByText('Je hebt nog 2 van je 3 stemmen.')).toBeVisible();
	await expectNoAxeViolations(guest);

	await mod.getByRole('button', { name: 'Volgende fase: Resultaat' }).click();
	await phase(guest, 'results');
	const first = guest.locator('[data-board-results] .ranking li').first();
	await expect(first).toContainText('Gedeelde ledenadministratie');
	await expect(first).toContainText('3 stemmen');
	await expectNoAxeViolations(guest);

	const markdown = await (await guest.request.get(`/sessions/${SESSION}/board/results.md`)).text();
	expect(markdown).toContain('# Resultaat: Brainstorm – Samen werken aan coöperatieve tech');
	expect(markdown).toContain(
		[
			'1. Gedeelde ledenadministratie (3 stemmen, Software)',
			'2. Coöperatief hostingplatform (1 stem)',
			'3. Open source als gemeengoed (0 stemmen, Software)'
		].join('\n')
	);
	expect(markdown).toContain('### 1. Software (3 stemmen)');
	const csv = await guest.request.get(`/sessions/${SESSION}/board/results.csv`);
	expect(csv.headers()['content-type']).toContain('text/csv');
	expect(await csv.text()).toContain('"1","3","Gedeelde ledenadministratie","Software"');

	// The read-only results view for the plenary stage, and the session page afterwards.
	await guest.goto(`/sessions/${SESSION}/board`);
	await expect(guest.getByRole('heading', { level: 1 })).toContainText(
		'Resultaat van de brainstorm'
	);
	await expect(guest.locator('.ranking li').first()).toContainText('Gedeelde ledenadministratie');
	await expectNoAxeViolations(guest);
	await guest.goto(`/sessions/${SESSION}`);
	await expect(guest.getByRole('heading', { name: 'Resultaat van de brainstorm' })).toBeVisible();
	await expect(guest.getByRole('link', { name: 'Open de resultatenweergave' })).toBeVisible();

	await Promise.all([modContext.close(), guestContext.close()]);
});

test('results wait for the vote, and the board refuses people who may not join', async ({
	page
}) => {
	const res = await page.request.get('/sessions/brainstorm-incubator/board/results.md');
	expect(res.status()).toBe(404);
	await page.goto('/sessions/brainstorm-incubator/board');
	await expect(page.getByText('Het resultaat verschijnt hier')).toBeVisible();
	const notBrainstorm = await page.request.get('/sessions/toekomst-wooncooperatie/board');
	expect(notBrainstorm.status()).toBe(404);
});
