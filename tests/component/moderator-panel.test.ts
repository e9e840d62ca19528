import { screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import ModeratorPanel from '../../src/lib/components/room/ModeratorPanel.svelte';
import type { EventFile } from '../../src/lib/shared/event-schema.ts';
import type { ParticipantInfo } from '../../src/lib/shared/realtime/protocol.ts';
import { fakeRealtime, renderWith, session, useLocale } from './support/fakes.ts';

/** A plenary: a speaker waiting backstage, the moderator, and a speaker on stage. */
const plenary: ParticipantInfo[] = [
	{
		identity: 'u-bea',
		name: 'Bea',
		mode: 'backstage',
		onStage: false,
		tracks: [{ sid: 'TR_bea_mic', source: 'MICROPHONE', muted: false }]
	},
	{ identity: 'u-mo', name: 'Mo', mode: 'moderator', onStage: true, tracks: [] },
	{
		identity: 'u-cas',
		name: 'Cas',
		mode: 'backstage',
		onStage: true,
		tracks: [
			{ sid: 'TR_cas_mic', source: 'MICROPHONE', muted: true },
			{ sid: 'TR_cas_cam', source: 'CAMERA', muted: false }
		]
	}
];

/** A breakout: everyone takes part, nobody is on or off a stage. */
const breakout: ParticipantInfo[] = [
	{ identity: 'u-mo', name: 'Mo', mode: 'moderator', onStage: true, tracks: [] },
	{
		identity: 'u-anna',
		name: 'Anna',
		mode: 'participant',
		onStage: true,
		tracks: [{ sid: 'TR_anna_mic', source: 'MICROPHONE', muted: false }]
	},
	{ identity: 'u-cas', name: 'Cas', mode: 'participant', onStage: true, tracks: [] }
];

const sessions = [
	session('zaal-a', 'Zaal A'),
	session('zaal-b', { nl: 'Zaal B', en: 'Room B' }),
	session('zaal-c', 'Zaal C')
];
const rounds: EventFile['rounds'] = [
	{
		id: 'ronde-1',
		title: { nl: 'Eerste ronde', en: 'First round' },
		start: '2022-01-17T19:30:00+01:00',
		end: '2022-01-17T20:15:00+01:00',
		signup: true
	},
	{
		id: 'plenair',
		title: 'Plenair',
		start: '2022-01-17T20:30:00+01:00',
		end: '2022-01-17T21:00:00+01:00',
		signup: false
	}
];
const props = {
	session: 'zaal-a',
	sessions,
	rounds,
	canAnnounce: false,
	locale: 'nl' as const,
	broadcast: true
};

function server(participants = plenary) {
	return fakeRealtime({
		'room:participants': () => ({
			ok: true,
			participants,
			removed: [{ identity: 'u-dirk', name: 'Dirk', at: 1 }]
		})
	});
}

const row = (name: string) => screen.getByText(name).closest('li')!;
/** The names of the people in one group, found by its heading. */
const group = (heading: string) =>
	within(screen.getByRole('list', { name: heading }))
		.getAllByRole('listitem')
		.map((li) => li.getAttribute('data-participant'));
/** The accessible names of a row's buttons. */
const buttonNames = (li: HTMLElement) =>
	within(li)
		.getAllByRole('button')
		.map((b) => b.getAttribute('aria-label') ?? b.textContent?.trim());

/** Opens a person's "more" menu. */
async function more(user: ReturnType<typeof userEvent.setup>, label: string) {
	await user.click(await screen.findByRole('button', { name: label }));
	return screen.findByRole('menu');
}

describe('ModeratorPanel', () => {
	it('on a stage: who is on it and who waits backstage, each with what they allow', async () => {
		const rt = server();
		renderWith(ModeratorPanel, props, { realtime: rt.realtime });
		expect(screen.getByRole('heading', { level: 2, name: 'Moderatie' })).toBeTruthy();
		await screen.findByText('Bea');
		expect(rt.sent('room:participants')).toEqual([{ session: 'zaal-a' }]);

		expect(screen.getByRole('heading', { level: 3, name: 'Op het podium (2)' })).toBeTruthy();
		expect(screen.getByRole('heading', { level: 3, name: 'Backstage (1)' })).toBeTruthy();
		expect(group('Op het podium (2)')).toEqual(['Cas', 'Mo']);
		expect(group('Backstage (1)')).toEqual(['Bea']);

		// One click moves a speaker; the button says whom.
		expect(buttonNames(row('Bea'))).toEqual([
			'Demp Bea',
			'Meer acties voor Bea',
			'Op het podium zetten: Bea'
		]);
		expect(
			within(row('Bea')).getByRole('button', { name: 'Op het podium zetten: Bea' }).textContent
		).toContain('Op het podium zetten');
		// A muted microphone cannot be muted again.
		expect(buttonNames(row('Cas'))).toEqual(['Meer acties voor Cas', 'Van het podium halen: Cas']);
		// A moderator cannot be taken off, moved or removed.
		expect(within(row('Mo')).getByText('moderator')).toBeTruthy();
		expect(within(row('Mo')).queryAllByRole('button')).toEqual([]);
		// No chip that says where everyone is: the group does.
		expect(screen.queryByText('op het podium')).toBeNull();

		expect(
			screen.getByRole('heading', { level: 3, name: 'Verwijderd uit deze ruimte' })
		).toBeTruthy();
		expect(within(row('Dirk')).getByRole('button', { name: 'Laat Dirk weer toe' })).toBeTruthy();
		expect(screen.getByRole('link', { name: 'Aanwezigheid (CSV)' }).getAttribute('href')).toBe(
			'/sessions/zaal-a/attendance.csv'
		);
	});

	it('in a breakout there is no stage: one group of everyone, without stage buttons', async () => {
		const rt = server(breakout);
		renderWith(ModeratorPanel, { ...props, broadcast: false }, { realtime: rt.realtime });
		await screen.findByText('Anna');
		expect(screen.getByRole('heading', { level: 3, name: 'Deelnemers (3)' })).toBeTruthy();
		expect(group('Deelnemers (3)')).toEqual(['Anna', 'Cas', 'Mo']);
		expect(screen.queryByText(/podium/i)).toBeNull();
		expect(screen.queryByText(/backstage/i)).toBeNull();
		expect(buttonNames(row('Anna'))).toEqual(['Demp Anna', 'Meer acties voor Anna']);
		expect(buttonNames(row('Cas'))).toEqual(['Meer acties voor Cas']);
		expect(within(row('Mo')).queryAllByRole('button')).toEqual([]);
	});

	it('a stage with nobody on it or backstage says so', async () => {
		const rt = server([]);
		renderWith(ModeratorPanel, props, { realtime: rt.realtime });
		expect(await screen.findByText('Nog niemand op het podium.')).toBeTruthy();
		expect(screen.getByText('Niemand wacht backstage.')).toBeTruthy();
	});

	it('viewers LiveKit lists are folded away below the stage', async () => {
		const user = userEvent.setup();
		const rt = server([
			...plenary,
			{ identity: 'u-kim', name: 'Kim', mode: 'viewer', onStage: false, tracks: [] }
		]);
		renderWith(ModeratorPanel, props, { realtime: rt.realtime });
		const summary = await screen.findByText('Kijkers (1)');
		expect(group('Backstage (1)')).toEqual(['Bea']);
		expect(screen.getByText('Kim').closest('details')?.open).toBe(false);
		await user.click(summary);
		expect(buttonNames(row('Kim'))).toEqual(['Meer acties voor Kim']);
	});

	it('each button asks the server for its own action on that person', async () => {
		const user = userEvent.setup();
		const rt = server();
		renderWith(ModeratorPanel, props, { realtime: rt.realtime });
		await user.click(await screen.findByRole('button', { name: 'Op het podium zetten: Bea' }));
		await user.click(screen.getByRole('button', { name: 'Van het podium halen: Cas' }));
		await user.click(screen.getByRole('button', { name: 'Demp Bea' }));
		await user.click(screen.getByRole('button', { name: 'Laat Dirk weer toe' }));
		expect(rt.sent('room:stage')).toEqual([
			{ session: 'zaal-a', identity: 'u-bea', onStage: true },
			{ session: 'zaal-a', identity: 'u-cas', onStage: false }
		]);
		expect(rt.sent('room:mute')).toEqual([
			{ session: 'zaal-a', identity: 'u-bea', trackSid: 'TR_bea_mic', muted: true }
		]);
		expect(rt.sent('room:readmit')).toEqual([{ session: 'zaal-a', identity: 'u-dirk' }]);
		// After every action the list is read again.
		await expect.poll(() => rt.sent('room:participants').length).toBe(5);
	});

	it('removes someone only after the moderator confirms it', async () => {
		const user = userEvent.setup();
		const rt = server();
		renderWith(ModeratorPanel, props, { realtime: rt.realtime });
		let menu = await more(user, 'Meer acties voor Cas');
		await user.click(within(menu).getByRole('menuitem', { name: 'Uit de ruimte verwijderen…' }));
		let dialog = await screen.findByRole('alertdialog', {
			name: 'Cas uit deze ruimte verwijderen?'
		});
		expect(dialog.textContent).toContain('Verwijderd uit deze ruimte');
		await user.click(within(dialog).getByRole('button', { name: 'Annuleren' }));
		await expect.poll(() => screen.queryByRole('alertdialog')).toBeNull();
		expect(rt.sent('room:remove')).toEqual([]);

		menu = await more(user, 'Meer acties voor Cas');
		await user.click(within(menu).getByRole('menuitem', { name: 'Uit de ruimte verwijderen…' }));
		dialog = await screen.findByRole('alertdialog');
		await user.click(within(dialog).getByRole('button', { name: 'Verwijder Cas' }));
		expect(rt.sent('room:remove')).toEqual([{ session: 'zaal-a', identity: 'u-cas' }]);
		await expect.poll(() => screen.queryByRole('alertdialog')).toBeNull();
	});

	it('moves a person to another session of the programme, never to this one', async () => {
		const user = userEvent.setup();
		const rt = server();
		renderWith(ModeratorPanel, props, { realtime: rt.realtime });
		const menu = await more(user, 'Meer acties voor Bea');
		await user.click(within(menu).getByRole('menuitem', { name: 'Verplaatsen naar' }));
		const rooms = await screen.findByRole('menu', { name: 'Verplaats Bea naar…' });
		expect(
			within(rooms)
				.getAllByRole('menuitem')
				.map((o) => o.textContent?.trim())
		).toEqual(['Zaal B', 'Zaal C']);
		await user.click(within(rooms).getByRole('menuitem', { name: 'Zaal C' }));
		expect(rt.sent('room:move-person')).toEqual([
			{ from: 'zaal-a', identity: 'u-bea', to: 'zaal-c' }
		]);
	});

	it('closes the room after the time chosen, once confirmed', async () => {
		const user = userEvent.setup();
		const rt = server();
		renderWith(ModeratorPanel, props, { realtime: rt.realtime });
		const when = screen.getByRole('group', { name: 'Sluiten over' });
		expect(
			within(when)
				.getAllByRole('radio')
				.map((r) => r.closest('label')?.textContent?.trim())
		).toEqual(['Meteen', '30 s', '1 min', '2 min', '5 min']);
		expect((within(when).getByRole('radio', { name: '1 min' }) as HTMLInputElement).checked).toBe(
			true
		);
		await user.click(within(when).getByRole('radio', { name: '30 s' }));
		await user.click(screen.getByRole('button', { name: 'Ruimte sluiten…' }));
		const dialog = await screen.findByRole('alertdialog', {
			name: 'Deze ruimte over 30 s sluiten?'
		});
		await user.click(within(dialog).getByRole('button', { name: 'Annuleren' }));
		expect(rt.sent('room:close')).toEqual([]);

		await user.click(within(when).getByRole('radio', { name: 'Meteen' }));
		await user.click(screen.getByRole('button', { name: 'Ruimte sluiten…' }));
		await user.click(
			within(await screen.findByRole('alertdialog', { name: 'Deze ruimte nu sluiten?' })).getByRole(
				'button',
				{ name: 'Ruimte sluiten' }
			)
		);
		expect(rt.sent('room:close')).toEqual([{ session: 'zaal-a', inSeconds: 0 }]);
		await expect.poll(() => screen.queryByRole('alertdialog')).toBeNull();
	});

	it('shows a refusal in Dutch, and clears it after an action that works', async () => {
		const user = userEvent.setup();
		const rt = server();
		rt.answers['room:remove'] = () => ({ ok: false, error: 'not in room', code: 'not_in_room' });
		renderWith(ModeratorPanel, props, { realtime: rt.realtime });
		const menu = await more(user, 'Meer acties voor Cas');
		await user.click(within(menu).getByRole('menuitem', { name: 'Uit de ruimte verwijderen…' }));
		await user.click(
			within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Verwijder Cas' })
		);
		expect((await screen.findByRole('alert')).textContent).toBe(
			'Die persoon is niet in deze ruimte.'
		);
		await user.click(screen.getByRole('button', { name: 'Demp Bea' }));
		await expect.poll(() => screen.queryByRole('alert')).toBeNull();
	});

	it('the control room (announcements, extending a round) only for organisers', async () => {
		const user = userEvent.setup();
		const moderator = server();
		const { unmount } = renderWith(ModeratorPanel, props, { realtime: moderator.realtime });
		expect(screen.queryByRole('heading', { name: 'Regie' })).toBeNull();
		expect(screen.queryByRole('textbox', { name: 'Bericht aan alle ruimtes' })).toBeNull();
		unmount();

		const organiser = server();
		renderWith(ModeratorPanel, { ...props, canAnnounce: true }, { realtime: organiser.realtime });
		expect(screen.getByRole('heading', { level: 3, name: 'Regie' })).toBeTruthy();
		// The message is written in a dialog, which closes once it is sent.
		await user.click(screen.getByRole('button', { name: 'Bericht aan alle ruimtes…' }));
		const dialog = await screen.findByRole('dialog', { name: 'Bericht aan alle ruimtes' });
		const text = within(dialog).getByRole('textbox', { name: 'Bericht aan alle ruimtes' });
		await user.type(text, 'Over vijf minuten begint het plenaire deel');
		await user.click(within(dialog).getByRole('button', { name: 'Versturen' }));
		expect(organiser.sent('announcement:post')).toEqual([
			{ text: 'Over vijf minuten begint het plenaire deel', minutes: 10 }
		]);
		await expect.poll(() => screen.queryByRole('dialog')).toBeNull();

		// Only rounds with sign-up can be extended; the first is chosen, by five minutes.
		expect(screen.getByRole('heading', { level: 4, name: 'Ronde verlengen' })).toBeTruthy();
		const group = screen.getByRole('group', { name: 'Ronde' });
		const choices = within(group).getAllByRole('radio');
		expect(choices.map((r) => r.closest('label')?.textContent?.trim())).toEqual(['Eerste ronde']);
		expect((choices[0] as HTMLInputElement).checked).toBe(true);
		const by = screen.getByRole('group', { name: 'Verlengen met' });
		expect(
			within(by)
				.getAllByRole('radio')
				.map(
					(r) =>
						`${r.closest('label')?.textContent?.trim()}${(r as HTMLInputElement).checked ? ' ✓' : ''}`
				)
		).toEqual(['1 min', '5 min ✓', '10 min', '15 min']);
		await user.click(screen.getByRole('button', { name: 'Verlengen' }));
		await user.click(within(by).getByRole('radio', { name: '10 min' }));
		await user.click(screen.getByRole('button', { name: 'Verlengen' }));
		expect(organiser.sent('round:extend')).toEqual([
			{ round: 'ronde-1', minutes: 5 },
			{ round: 'ronde-1', minutes: 10 }
		]);
	});

	it('in English', async () => {
		useLocale('en');
		const user = userEvent.setup();
		const rt = server();
		renderWith(
			ModeratorPanel,
			{ ...props, locale: 'en', canAnnounce: true },
			{ realtime: rt.realtime }
		);
		await screen.findByText('Bea');
		expect(screen.getByRole('heading', { level: 2, name: 'Moderation' })).toBeTruthy();
		expect(screen.getByRole('heading', { level: 3, name: 'On stage (2)' })).toBeTruthy();
		expect(screen.getByRole('heading', { level: 3, name: 'Backstage (1)' })).toBeTruthy();
		expect(buttonNames(row('Bea'))).toEqual([
			'Mute Bea',
			'More actions for Bea',
			'Put on stage: Bea'
		]);
		const menu = await more(user, 'More actions for Bea');
		expect(
			within(menu)
				.getAllByRole('menuitem')
				.map((o) => o.textContent?.trim())
		).toEqual(['Move to', 'Remove from room…']);
		await user.click(within(menu).getByRole('menuitem', { name: 'Move to' }));
		expect(
			within(await screen.findByRole('menu', { name: 'Move Bea to…' }))
				.getAllByRole('menuitem')
				.map((o) => o.textContent?.trim())
		).toEqual(['Room B', 'Zaal C']);
		expect(screen.getByRole('button', { name: 'Let Dirk back in' })).toBeTruthy();
		expect(screen.getByRole('button', { name: 'Close room…' })).toBeTruthy();
		expect(screen.getByRole('group', { name: 'Close in' })).toBeTruthy();
		expect(screen.getByRole('heading', { level: 3, name: 'Control room' })).toBeTruthy();
		expect(screen.getByRole('heading', { level: 4, name: 'Extend a round' })).toBeTruthy();
	});

	it('a breakout in English', async () => {
		useLocale('en');
		const rt = server(breakout);
		renderWith(
			ModeratorPanel,
			{ ...props, locale: 'en', broadcast: false },
			{ realtime: rt.realtime }
		);
		await screen.findByText('Anna');
		expect(screen.getByRole('heading', { level: 3, name: 'Participants (3)' })).toBeTruthy();
		expect(screen.queryByText(/stage/i)).toBeNull();
	});
});
