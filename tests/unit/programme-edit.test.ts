import { describe, expect, it } from 'vitest';
import { loadEventFile } from '../../src/lib/server/event-file.ts';
import { findClashes } from '../../src/lib/shared/programme-clashes.ts';
import {
	checkEdit,
	SessionForm,
	sessionFromForm,
	shifted,
	withoutSession,
	withSession
} from '../../src/lib/shared/programme-edit.ts';

const demo = await loadEventFile('events/cooperatieven-maken-de-stad/event.yaml');
const session = (id: string) => demo.sessions.find((s) => s.id === id)!;

const form = (fields: Record<string, string>) =>
	SessionForm.parse({
		version: '3',
		kind: 'breakout',
		title_nl: 'Nieuw',
		date: '2022-01-17',
		start: '20:30',
		end: '21:30',
		room: 'zaal-a',
		capacity: '20',
		...fields
	});

describe('the programme editor’s edits', () => {
	it('finds no clash in the demo programme', () => {
		expect(findClashes(demo)).toEqual([]);
	});

	it('names a room used twice, a person in two places and overlapping rounds', () => {
		const fondsen = session('cooperatieve-fondsen');
		const sameRoom = withSession(demo, { ...fondsen, room: 'zaal-a' }, fondsen.id);
		expect(findClashes(sameRoom)).toEqual([
			{
				kind: 'room',
				room: 'zaal-a',
				sessions: ['samensturing-samenschuring', 'cooperatieve-fondsen']
			}
		]);

		const person = { name: 'Anna de Vries' };
		const twice = withSession(
			withSession(demo, { ...fondsen, speakers: [person] }, fondsen.id),
			{ ...session('waarde-buurtcooperatie'), hosts: [{ name: ' anna de vries ' }] },
			'waarde-buurtcooperatie'
		);
		expect(findClashes(twice)).toEqual([
			{
				kind: 'person',
				person: 'Anna de Vries',
				sessions: ['cooperatieve-fondsen', 'waarde-buurtcooperatie']
			}
		]);

		// Round II (19:45–20:30) ten minutes later runs into round III (20:30).
		expect(findClashes(shifted(demo, 'round:ronde-2', 10))).toContainEqual({
			kind: 'rounds',
			rounds: ['ronde-2', 'ronde-3']
		});
	});

	it('moves a round with its sessions, in the event’s zone', () => {
		const moved = shifted(demo, 'round:ronde-2', -10);
		expect(moved.rounds.find((r) => r.id === 'ronde-2')).toMatchObject({
			start: '2022-01-17T19:35:00+01:00',
			end: '2022-01-17T20:20:00+01:00'
		});
		expect(moved.sessions.find((s) => s.id === 'cooperatieve-fondsen')).toMatchObject({
			start: '2022-01-17T19:35:00+01:00',
			end: '2022-01-17T20:20:00+01:00'
		});
		// Others stay.
		expect(moved.sessions.find((s) => s.id === 'plenaire-opening')).toEqual(
			session('plenaire-opening')
		);
		expect(checkEdit(demo, moved).ok).toBe(true);
		expect(checkEdit(demo, shifted(demo, 'round:ronde-2', 10))).toMatchObject({ ok: false });
	});

	it('widens the event when a move leaves it', () => {
		const late = shifted(demo, 'session:plenaire-afsluiting', 15);
		expect(late.event.end).toBe('2022-01-17T22:15:00+01:00');
		expect(checkEdit(demo, late).ok).toBe(true);
	});

	it('makes a session from the form: both languages, times in the zone, people per line', () => {
		const made = sessionFromForm(
			form({
				id: 'nieuwe-sessie',
				title_en: 'New',
				hosts: 'Anna de Vries, Wooncoöperatie De Nieuwe Meent\n\nBram',
				record: 'on'
			}),
			demo
		);
		expect(made).toEqual({
			ok: true,
			session: {
				id: 'nieuwe-sessie',
				kind: 'breakout',
				title: { nl: 'Nieuw', en: 'New' },
				description: { nl: 'Nieuw', en: 'New' },
				start: '2022-01-17T20:30:00+01:00',
				end: '2022-01-17T21:30:00+01:00',
				room: 'zaal-a',
				round: undefined,
				capacity: 20,
				hosts: [
					{ name: 'Anna de Vries', organisation: 'Wooncoöperatie De Nieuwe Meent' },
					{ name: 'Bram' }
				],
				speakers: [],
				resources: [],
				record: true
			}
		});
	});

	it('refuses a taken id and a missing title; an end before the start is after midnight', () => {
		expect(sessionFromForm(form({ id: 'plenaire-opening' }), demo)).toEqual({
			ok: false,
			errors: { id: 'form_programme_id_taken' }
		});
		expect(sessionFromForm(form({ id: 'x', title_nl: '' }), demo)).toMatchObject({
			ok: false,
			errors: { title_nl: 'form_programme_title' }
		});
		const late = sessionFromForm(form({ id: 'nacht', start: '23:30', end: '00:30' }), demo);
		expect(late.ok && late.session.end).toBe('2022-01-18T00:30:00+01:00');
		expect(SessionForm.safeParse({ ...form({}), start: '25:00' }).success).toBe(false);
	});

	it('refuses a programme the schema refuses, with the path', () => {
		const only = demo.sessions.reduce((e, s) => withoutSession(e, s.id), demo);
		expect(checkEdit(demo, only)).toMatchObject({
			ok: false,
			problems: [expect.stringContaining('sessions')]
		});
	});
});
