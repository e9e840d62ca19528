import { screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import ModeratorPanel from '../../src/lib/components/room/ModeratorPanel.svelte';
import type { EventFile } from '../../src/lib/shared/event-schema.ts';
import type { ParticipantInfo } from '../../src/lib/shared/realtime/protocol.ts';
import { fakeRealtime, renderWith, session, useLocale } from './support/fakes.ts';

const participants: ParticipantInfo[] = [
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
		mode: 'participant',
		onStage: true,
		tracks: [
			{ sid: 'TR_cas_mic', source: 'MICROPHONE', muted: true },
			{ sid: 'TR_cas_cam', source: 'CAMERA', muted: false }
		]
	}
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
	locale: 'nl' as const
};

function server() {
	return fakeRealtime({
		'room:participants': () => ({
			ok: true,
			participants,
			removed: [{ identity: 'u-dirk', name: 'Dirk', at: 1 }]
		})
	});
}

const row = (name: string) => screen.getByText(name).closest('li')!;
/** The accessible names of a row's buttons (a menu button's label says what it does). */
const buttonNames = (li: HTMLElement) =>
	within(li)
		.getAllByRole('button')
		.map((b) => b.getAttribute('aria-label') ?? b.textContent?.trim());

describe('ModeratorPanel', () => {
	it('lists who is in the room, with the actions each one allows', async () => {
		const rt = server();
		renderWith(ModeratorPanel, props, { realtime: rt.realtime });
		expect(screen.getByRole('heading', { level: 2, name: 'Moderatie' })).toBeTruthy();
		await screen.findByText('Bea');
		expect(rt.sent('room:participants')).toEqual([{ session: 'zaal-a' }]);

		expect(within(row('Bea')).getByText('backstage of kijker')).toBeTruthy();
		expect(buttonNames(row('Bea'))).toEqual([
			'Op het podium',
			'Demp Bea',
			'Verplaats Bea naar…',
			'Verwijder Bea'
		]);
		// A moderator cannot be removed or moved; a muted microphone cannot be muted again.
		expect(within(row('Mo')).getByText('op het podium')).toBeTruthy();
		expect(within(row('Mo')).queryAllByRole('button')).toEqual([]);
		expect(within(row('Mo')).queryByRole('combobox')).toBeNull();
		expect(buttonNames(row('Cas'))).toEqual(['Verplaats Cas naar…', 'Verwijder Cas']);

		expect(
			screen.getByRole('heading', { level: 3, name: 'Verwijderd uit deze ruimte' })
		).toBeTruthy();
		expect(within(row('Dirk')).getByRole('button', { name: 'Laat Dirk weer toe' })).toBeTruthy();
		expect(screen.getByRole('link', { name: 'Aanwezigheid (CSV)' }).getAttribute('href')).toBe(
			'/sessions/zaal-a/attendance.csv'
		);
	});

	it('each button asks the server for its own action on that person', async () => {
		const user = userEvent.setup();
		const rt = server();
		renderWith(ModeratorPanel, props, { realtime: rt.realtime });
		await user.click(await screen.findByRole('button', { name: 'Op het podium' }));
		await user.click(screen.getByRole('button', { name: 'Demp Bea' }));
		await user.click(screen.getByRole('button', { name: 'Verwijder Cas' }));
		await user.click(screen.getByRole('button', { name: 'Laat Dirk weer toe' }));
		expect(rt.sent('room:stage')).toEqual([
			{ session: 'zaal-a', identity: 'u-bea', onStage: true }
		]);
		expect(rt.sent('room:mute')).toEqual([
			{ session: 'zaal-a', identity: 'u-bea', trackSid: 'TR_bea_mic', muted: true }
		]);
		expect(rt.sent('room:remove')).toEqual([{ session: 'zaal-a', identity: 'u-cas' }]);
		expect(rt.sent('room:readmit')).toEqual([{ session: 'zaal-a', identity: 'u-dirk' }]);
		// After every action the list is read again.
		await expect.poll(() => rt.sent('room:participants').length).toBe(5);
	});

	it('moves a person to another session of the programme, never to this one', async () => {
		const user = userEvent.setup();
		const rt = server();
		renderWith(ModeratorPanel, props, { realtime: rt.realtime });
		await screen.findByText('Bea');
		await user.click(within(row('Bea')).getByRole('button', { name: 'Verplaats Bea naar…' }));
		const menu = await screen.findByRole('menu');
		expect(
			within(menu)
				.getAllByRole('menuitem')
				.map((o) => o.textContent?.trim())
		).toEqual(['Zaal B', 'Zaal C']);
		await user.click(within(menu).getByRole('menuitem', { name: 'Zaal C' }));
		expect(rt.sent('room:move-person')).toEqual([
			{ from: 'zaal-a', identity: 'u-bea', to: 'zaal-c' }
		]);
	});

	it('closes the room after the seconds given', async () => {
		const user = userEvent.setup();
		const rt = server();
		renderWith(ModeratorPanel, props, { realtime: rt.realtime });
		const seconds = screen.getByRole('spinbutton', { name: /Sluiten over \(seconden\)/ });
		expect((seconds as HTMLInputElement).value).toBe('60');
		await user.clear(seconds);
		await user.type(seconds, '15');
		await user.click(screen.getByRole('button', { name: 'Ruimte sluiten' }));
		expect(rt.sent('room:close')).toEqual([{ session: 'zaal-a', inSeconds: 15 }]);
	});

	it('shows a refusal in Dutch, and clears it after an action that works', async () => {
		const user = userEvent.setup();
		const rt = server();
		rt.answers['room:remove'] = () => ({ ok: false, error: 'not in room', code: 'not_in_room' });
		renderWith(ModeratorPanel, props, { realtime: rt.realtime });
		await user.click(await screen.findByRole('button', { name: 'Verwijder Cas' }));
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

		// Only rounds with sign-up can be extended; the first is chosen.
		const group = screen.getByRole('group', { name: 'Ronde' });
		const choices = within(group).getAllByRole('radio');
		expect(choices.map((r) => r.closest('label')?.textContent?.trim())).toEqual(['Eerste ronde']);
		expect((choices[0] as HTMLInputElement).checked).toBe(true);
		await user.click(screen.getByRole('button', { name: 'Verlengen' }));
		expect(organiser.sent('round:extend')).toEqual([{ round: 'ronde-1', minutes: 5 }]);
	});

	it('in English', async () => {
		useLocale('en');
		const rt = server();
		renderWith(
			ModeratorPanel,
			{ ...props, locale: 'en', canAnnounce: true },
			{ realtime: rt.realtime }
		);
		await screen.findByText('Bea');
		expect(screen.getByRole('heading', { level: 2, name: 'Moderation' })).toBeTruthy();
		expect(buttonNames(row('Bea'))).toEqual([
			'Put on stage',
			'Mute Bea',
			'Move Bea to…',
			'Remove Bea'
		]);
		await userEvent.setup().click(screen.getByRole('button', { name: 'Move Bea to…' }));
		expect(
			within(await screen.findByRole('menu'))
				.getAllByRole('menuitem')
				.map((o) => o.textContent?.trim())
		).toEqual(['Room B', 'Zaal C']);
		expect(screen.getByRole('button', { name: 'Let Dirk back in' })).toBeTruthy();
		expect(screen.getByRole('button', { name: 'Close room' })).toBeTruthy();
		expect(screen.getByRole('heading', { level: 3, name: 'Control room' })).toBeTruthy();
	});
});
