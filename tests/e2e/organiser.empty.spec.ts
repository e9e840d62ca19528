import { expect, test, type Page } from '@playwright/test';
import {
	cliInvite,
	connected,
	expectNothingSticksOut,
	expectNoAxeViolations,
	fillRegistration,
	openMailedLink,
	screenshot,
	signUp
} from './support.ts';

/*
 * An organiser sets up a conference from a new instance (one room, no sessions, closed to all
 * but invitees), in the browser only: the event's settings, two rooms and a round, a plenary
 * and two break-outs, a speaker invited to one of them. Registration opens, an attendee signs
 * up and chooses a break-out; the organiser moves the round by ten minutes, and the attendee's
 * open page and personal calendar follow without a reload. On the "empty" server (its clock
 * stands at 4 January 2027, two weeks before the event).
 */
test.describe.configure({ mode: 'serial' });

async function addSession(
	page: Page,
	fields: { kind: string; title: string; start: string; end: string; room: string; round?: string }
) {
	await page.goto('/admin/programme/sessions/new');
	await page.getByLabel('Soort', { exact: true }).selectOption({ label: fields.kind });
	await page.getByLabel('Titel (Nederlands)', { exact: true }).fill(fields.title);
	await page.getByLabel('Datum', { exact: true }).fill('2027-01-18');
	await page.getByLabel('Begin', { exact: true }).fill(fields.start);
	await page.getByLabel('Einde', { exact: true }).fill(fields.end);
	await page.getByLabel('Zaal', { exact: true }).selectOption({ label: fields.room });
	if (fields.round) {
		await page.getByLabel('Ronde', { exact: true }).selectOption({ label: fields.round });
		await page.getByLabel(/^Plaatsen/).fill('20');
	}
	await page.getByRole('button', { name: 'Opslaan' }).click();
	await expect(page.getByRole('status')).toContainText('Opgeslagen');
}

/** The SEQUENCE of the calendar event with this summary. */
function sequence(ics: string, summary: string): number {
	const event = ics.split('BEGIN:VEVENT').find((e) => e.includes(`SUMMARY:${summary}`));
	const value = event && /^SEQUENCE:(\d+)/m.exec(event)?.[1];
	expect(value, `a SEQUENCE for ${summary}`).toBeTruthy();
	return Number(value);
}

async function moveRound(page: Page, minutes: number) {
	await page.goto('/admin/programme');
	const row = page.locator('[data-round="ronde-1"]');
	await row.getByRole('spinbutton').fill(String(minutes));
	await row.getByRole('button', { name: 'Verschuif' }).click();
	await expect(page.getByRole('status')).toContainText('Verschoven');
}

test('an organiser builds a conference from nothing, and an attendee follows its changes', async ({
	page,
	browser
}) => {
	test.setTimeout(120_000);
	await signUp(page, 'Olga Organisator', 'olga@example.org', await cliInvite('empty', 'admin'));

	// A new instance: nobody can register yet, and the programme is empty.
	const visitorContext = await browser.newContext();
	const visitor = await visitorContext.newPage();
	await visitor.goto('/register');
	await expect(visitor.getByText('Deze conferentie is alleen op uitnodiging.')).toBeVisible();
	await expect(visitor.getByRole('button', { name: 'Stuur mij een aanmeldlink' })).toHaveCount(0);

	await page.goto('/admin/programme');
	await expect(page.getByText('Nog geen sessies.')).toBeVisible();

	// The event's own settings.
	await page.getByRole('link', { name: 'Evenement instellen' }).click();
	await page.getByLabel('Titel (Nederlands)', { exact: true }).fill('Buurtenergie live');
	await page.getByLabel('Titel (Engels)', { exact: true }).fill('Neighbourhood energy live');
	await page
		.getByLabel('Beschrijving (Nederlands)', { exact: true })
		.fill('Een middag over energie van en voor de buurt.');
	await page.getByLabel('Eerste dag', { exact: true }).fill('2027-01-18');
	await page.getByLabel('Begin', { exact: true }).fill('13:00');
	await page.getByLabel('Laatste dag', { exact: true }).fill('2027-01-18');
	await page.getByLabel('Einde', { exact: true }).fill('17:00');
	await expectNoAxeViolations(page);
	await screenshot(page, 'organiser-event-settings');
	await page.getByRole('button', { name: 'Opslaan' }).click();
	await expect(page.getByRole('status')).toContainText('Opgeslagen');
	await expect(page.locator('[data-event-summary]')).toContainText('Buurtenergie live');

	// Two rooms for the break-outs and a round that holds them.
	await page.getByRole('link', { name: 'Zalen en rondes' }).click();
	for (const name of ['Zaal Noord', 'Zaal Zuid']) {
		const form = page.getByRole('form', { name: 'Nieuwe zaal' });
		await form.getByLabel('Naam (Nederlands)', { exact: true }).fill(name);
		await form.getByRole('button', { name: 'Zaal toevoegen' }).click();
		await expect(page.locator('[data-room]')).toContainText([name]);
	}
	const newRound = page.getByRole('form', { name: 'Nieuwe ronde' });
	await newRound.getByLabel('Titel (Nederlands)', { exact: true }).fill('Ronde 1');
	await newRound.getByLabel('Datum', { exact: true }).fill('2027-01-18');
	await newRound.getByLabel('Begin', { exact: true }).fill('14:00');
	await newRound.getByLabel('Einde', { exact: true }).fill('15:00');
	await newRound.getByRole('button', { name: 'Ronde toevoegen' }).click();
	await expect(page.locator('[data-round="ronde-1"]')).toBeVisible();
	await expectNoAxeViolations(page);
	await screenshot(page, 'organiser-rooms');

	await addSession(page, {
		kind: 'Plenair',
		title: 'Opening',
		start: '13:00',
		end: '13:45',
		room: 'Plenaire zaal'
	});
	await addSession(page, {
		kind: 'Breakout',
		title: 'Zonnedaken',
		start: '14:00',
		end: '15:00',
		room: 'Zaal Noord',
		round: 'Ronde 1'
	});
	await addSession(page, {
		kind: 'Breakout',
		title: 'Warmtenet',
		start: '14:00',
		end: '15:00',
		room: 'Zaal Zuid',
		round: 'Ronde 1'
	});
	await expect(page.locator('[data-round="ronde-1"] [data-round-time]')).toHaveText('14:00–15:00');
	await screenshot(page, 'organiser-programme');

	// A room in use cannot go, and says what uses it.
	await page.goto('/admin/programme/rooms');
	await page.getByRole('button', { name: 'Zaal Noord verwijderen' }).click();
	await expect(page.locator('[data-room="zaal-noord"] [role="alert"]')).toContainText(
		'In gebruik door: Zonnedaken'
	);

	// A speaker for Zonnedaken: the invitation, accepted.
	await page.goto('/admin/programme/sessions/zonnedaken');
	await page.getByRole('button', { name: 'Nieuwe sprekersuitnodiging' }).click();
	const link = await page.locator('[data-invite-link]').textContent();
	expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/invite\/[\w-]+$/);
	const speakerContext = await browser.newContext();
	const speaker = await speakerContext.newPage();
	await signUp(speaker, 'Sam Spreker', 'sam@example.org', new URL(link!).pathname);
	await page.reload();
	await expect(page.locator('[data-speakers-accepted]')).toContainText(
		'Sam Spreker (sam@example.org) heeft de uitnodiging aangenomen'
	);
	await expectNoAxeViolations(page);
	await speakerContext.close();

	// Registration opens.
	await page.goto('/admin/programme/event');
	await page.getByLabel('Wie zich aanmeldt met een e-mailadres', { exact: true }).check();
	await page.getByRole('button', { name: 'Opslaan' }).click();
	await expect(page.getByRole('status')).toContainText('Opgeslagen');

	// An attendee registers, chooses Zonnedaken and keeps the programme open.
	await visitor.goto('/register');
	await fillRegistration(visitor, 'Anouk Aanwezig', 'anouk@example.org');
	await openMailedLink(visitor, 'anouk@example.org');
	await visitor.goto('/profile');
	await visitor.getByRole('button', { name: 'Agenda-adres maken' }).click();
	const feed = await visitor.locator('[data-calendar-feed]').inputValue();
	await visitor.goto('/');
	await expect(visitor.getByRole('heading', { level: 1 })).toContainText('Buurtenergie live');
	const card = visitor.locator('[data-session="zonnedaken"]');
	await card.getByRole('button', { name: /Kies deze sessie/ }).click();
	await expect(card.locator('[data-choice="placed"]')).toBeVisible();
	await connected(visitor);
	await expect(visitor.locator('#slot-ronde-1')).toContainText('14:00');
	const before = await (await visitor.request.get(feed)).text();
	expect(before).toContain('DTSTART;TZID=Europe/Amsterdam:20270118T140000');
	await screenshot(visitor, 'organiser-attendee-programme');

	// The organiser moves the round; the attendee sees it without a reload.
	await moveRound(page, 10);
	await expect(page.locator('[data-round="ronde-1"] [data-round-time]')).toHaveText('14:10–15:10');
	await expect(visitor.locator('#slot-ronde-1')).toContainText('14:10', { timeout: 5000 });
	await expect(visitor.locator('[data-session-changed="zonnedaken"]')).toContainText(
		'is verplaatst: nu 14:10–15:10'
	);
	const after = await (await visitor.request.get(feed)).text();
	expect(after).toContain('DTSTART;TZID=Europe/Amsterdam:20270118T141000');
	expect(sequence(after, 'Zonnedaken')).toBe(sequence(before, 'Zonnedaken') + 1);
	await visitorContext.close();
});

test('the organiser’s pages fit a phone', async ({ page }) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await signUp(page, 'Pim Telefoon', 'pim@example.org', await cliInvite('empty', 'admin'));
	for (const [path, name] of [
		['/admin/programme/event', 'organiser-event-settings'],
		['/admin/programme/rooms', 'organiser-rooms'],
		['/admin/programme/import', 'organiser-import']
	] as const) {
		await page.goto(path);
		await expectNothingSticksOut(page);
		await screenshot(page, name);
	}
});

test('an organiser imports a pretalx schedule: the check asks for its time zone, then shows what changes', async ({
	page
}) => {
	await signUp(page, 'Ivo Import', 'ivo@example.org', await cliInvite('empty', 'admin'));
	await page.goto('/admin/programme');
	await page.getByRole('link', { name: 'Programma importeren' }).click();
	await page
		.getByLabel('Bestand (schedule.json)')
		.setInputFiles('tests/fixtures/pretalx-rc3-schedule.json');
	await page.getByRole('button', { name: 'Controleren' }).click();
	const refused = page.locator('[data-import-refused]');
	await expect(refused).toContainText('Dit bestand noemt geen tijdzone.');
	// The focus follows to what the check found.
	await expect(page.locator('[data-import-result]')).toBeFocused();

	await page
		.getByLabel('Bestand (schedule.json)')
		.setInputFiles('tests/fixtures/pretalx-rc3-schedule.json');
	await page.getByLabel('Tijdzone', { exact: true }).fill('Europe/Berlin');
	await page.getByRole('button', { name: 'Controleren' }).click();
	const preview = page.locator('[data-import-preview]');
	// 12 sessions on day 1 of rC3 Channels, counted in the fixture.
	await expect(preview).toContainText('12 sessies');
	await expect(preview.locator('[data-import-diff]')).toContainText('12 toegevoegd');
	await expectNoAxeViolations(page);
	await screenshot(page, 'organiser-import');

	await page.getByRole('button', { name: 'Programma vervangen' }).click();
	await expect(page.getByRole('status')).toContainText('Opgeslagen');
	await expect(page.locator('[data-session]')).toHaveCount(12);
});
