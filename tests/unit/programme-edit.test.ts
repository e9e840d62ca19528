import { describe, expect, it } from 'vitest';
import { loadEventFile } from '../../src/lib/server/event-file.ts';
import { findClashes } from '../../src/lib/shared/programme-clashes.ts';
import {
	checkEdit,
	EventForm,
	eventFromForm,
	RoomForm,
	RoundForm,
	SessionForm,
	sessionFromForm,
	shifted,
	without,
	withoutSession,
	withRoom,
	withRound,
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
		const nowhere = withSession(
			demo,
			{ ...session('cooperatieve-fondsen'), room: 'kelder' },
			'cooperatieve-fondsen'
		);
		expect(checkEdit(demo, nowhere)).toMatchObject({
			ok: false,
			problems: [expect.stringMatching(/^sessions\.\d+\.room: unknown room "kelder"$/)]
		});
		// An empty programme is a new instance's, and valid.
		const empty = demo.sessions.reduce((e, s) => withoutSession(e, s.id), demo);
		expect(checkEdit(demo, empty).ok).toBe(true);
	});

	it('gives a brainstorm its board settings, and only a brainstorm', () => {
		const made = sessionFromForm(
			form({
				kind: 'brainstorm',
				board_questions: ' Wat nu? \n\nEn dan? ',
				board_votes: '3',
				board_anonymous: 'on',
				board_collect: '',
				board_group: '7',
				board_vote: ''
			}),
			demo
		);
		expect(made.ok && made.session.board).toEqual({
			questions: ['Wat nu?', 'En dan?'],
			votesPerPerson: 3,
			anonymous: true,
			minutes: { collect: 10, group: 7, vote: 5 }
		});
		const breakout = sessionFromForm(form({ board_questions: 'Wat nu?' }), demo);
		expect(breakout.ok && breakout.session.board).toBeUndefined();
		const fondsen = session('cooperatieve-fondsen');
		expect(
			checkEdit(demo, withSession(demo, { ...fondsen, board: { votesPerPerson: 3 } }, fondsen.id))
		).toMatchObject({
			ok: false,
			problems: [expect.stringContaining('only a brainstorm has a board')]
		});
		expect(SessionForm.safeParse({ ...form({}), board_votes: '21' }).success).toBe(false);
	});

	it('makes a new session’s id from its title when none is given', () => {
		const made = sessionFromForm(form({ title_nl: 'Plenaire opening' }), demo);
		// The demo has a plenaire-opening already.
		expect(made.ok && made.session.id).toBe('plenaire-opening-2');
		const fresh = sessionFromForm(form({ title_nl: 'Coöperatief wonen!' }), demo);
		expect(fresh.ok && fresh.session.id).toBe('cooperatief-wonen');
	});
});

const eventForm = (fields: Record<string, string>) =>
	EventForm.parse({
		version: '3',
		title_nl: 'Coöperatieven maken de stad',
		timezone: 'Europe/Amsterdam',
		start_date: '2022-01-17',
		start_time: '16:00',
		end_date: '2022-01-17',
		end_time: '22:00',
		languages: 'nl,en',
		access: 'registered',
		...fields
	});

describe('the event settings, rooms and rounds', () => {
	it('keeps every session at its instant when the time zone changes', () => {
		const made = eventFromForm(
			eventForm({
				timezone: 'Europe/London',
				start_time: '15:00',
				end_time: '21:00',
				access: 'open'
			}),
			demo
		);
		expect(made.ok).toBe(true);
		if (!made.ok) return;
		expect(made.event.event).toMatchObject({
			timezone: 'Europe/London',
			start: '2022-01-17T15:00:00+00:00',
			end: '2022-01-17T21:00:00+00:00',
			languages: ['nl', 'en'],
			access: 'open'
		});
		// The opening at 18:30 in Amsterdam is 17:30 in London: the same instant, written anew.
		expect(made.event.sessions.find((s) => s.id === 'plenaire-opening')?.start).toBe(
			'2022-01-17T17:30:00+00:00'
		);
		expect(checkEdit(demo, made.event).ok).toBe(true);
	});

	it('refuses an unknown zone, an end before the start and a new slug once there are sessions', () => {
		expect(
			EventForm.safeParse({ ...eventForm({}), timezone: 'Mars/Olympus' }).error?.issues
		).toEqual([
			expect.objectContaining({ path: ['timezone'], message: 'form_programme_timezone' })
		]);
		expect(eventFromForm(eventForm({ end_time: '15:00' }), demo)).toEqual({
			ok: false,
			errors: { end_time: 'form_programme_end' }
		});
		expect(eventFromForm(eventForm({ slug: 'iets-anders' }), demo)).toEqual({
			ok: false,
			errors: { slug: 'form_programme_slug_fixed' }
		});
	});

	it('adds a room with an id from its name, renames it, and refuses to remove one in use', () => {
		const added = withRoom(
			demo,
			RoomForm.parse({ version: '3', name_nl: 'Zaal A', name_en: 'Room A' })
		);
		expect(added.ok && added.room).toEqual({
			id: 'zaal-a-2',
			name: { nl: 'Zaal A', en: 'Room A' }
		});
		const renamed = withRoom(
			demo,
			RoomForm.parse({ version: '3', room: 'zaal-a', name_nl: 'De Kas' })
		);
		expect(renamed.ok && renamed.event.rooms.find((r) => r.id === 'zaal-a')?.name).toBe('De Kas');
		expect(without(demo, 'room', 'zaal-a')).toEqual({
			ok: false,
			usedBy: demo.sessions.filter((s) => s.room === 'zaal-a').map((s) => s.id)
		});
		expect(withRoom(demo, RoomForm.parse({ version: '3', name_nl: '' }))).toEqual({
			ok: false,
			errors: { name_nl: 'form_programme_name' }
		});
	});

	it('adds a round in the event’s zone; narrowing one around its sessions is refused', () => {
		const added = withRound(
			demo,
			RoundForm.parse({
				version: '3',
				title_nl: 'Ronde IV',
				date: '2022-01-17',
				start: '22:00',
				end: '22:45',
				signup: 'on'
			})
		);
		expect(added.ok && added.round).toEqual({
			id: 'ronde-iv',
			title: 'Ronde IV',
			start: '2022-01-17T22:00:00+01:00',
			end: '2022-01-17T22:45:00+01:00',
			signup: true
		});
		// The event widens to hold it.
		expect(added.ok && added.event.event.end).toBe('2022-01-17T22:45:00+01:00');
		const narrowed = withRound(
			demo,
			RoundForm.parse({
				version: '3',
				round: 'ronde-2',
				title_nl: 'Ronde II',
				date: '2022-01-17',
				start: '19:45',
				end: '20:00'
			})
		);
		expect(narrowed.ok && checkEdit(demo, narrowed.event)).toMatchObject({
			ok: false,
			problems: expect.arrayContaining([expect.stringContaining('must lie within round "ronde-2"')])
		});
		const empty = withRound(
			{ ...demo, sessions: [] },
			RoundForm.parse({
				version: '3',
				title_nl: 'Leeg',
				date: '2022-01-17',
				start: '10:00',
				end: '11:00'
			})
		);
		expect(empty.ok && without(empty.event, 'round', 'leeg').ok).toBe(true);
	});
});
