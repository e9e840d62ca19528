import { describe, expect, it } from 'vitest';
import { newJournal } from '../../bench/dress-rehearsal/journal.ts';
import { planEvening } from '../../bench/dress-rehearsal/plan.ts';
import {
	chatFigures,
	expectedDestinations,
	transitionFigures,
	transitionsIn,
	waitlistViolations,
	type Placements
} from '../../bench/dress-rehearsal/report.ts';
import { loadEventFile } from '../../src/lib/server/event-file.ts';

const event = await loadEventFile('events/cooperatieven-maken-de-stad/event.yaml');
const at = (time: string) => Date.parse(`2022-01-17T${time}:00+01:00`);

describe('the dress rehearsal: what the programme asks at each transition', () => {
	it('lists the evening’s transitions from the programme', () => {
		expect(transitionsIn(event, at('15:55'), at('22:05')).map((t) => [t.at, t.label])).toEqual([
			[at('17:15'), 'ronde-1 starts'],
			[at('18:15'), 'ronde-1 ends'],
			[at('18:30'), 'plenaire-opening starts'],
			[at('19:45'), 'ronde-2 starts'],
			[at('20:30'), 'ronde-2 ends, ronde-3 starts'],
			[at('21:30'), 'ronde-3 ends, plenaire-afsluiting starts']
		]);
	});

	it('sends each person where the programme wants them', () => {
		const [, roundOneEnds, opening, , twoToThree, closing] = transitionsIn(
			event,
			at('15:55'),
			at('22:05')
		);
		const placements: Placements = new Map([
			['ronde-3', new Map([['u-stays', 'energiewinnend-net']])]
		]);
		const people = [
			{ attendee: 1, userId: 'u-leaves', location: 'session:toekomst-wooncooperatie' as const },
			{ attendee: 2, location: 'lobby' as const },
			{ attendee: 3, userId: 'u-stays', location: 'session:cooperatieve-fondsen' as const }
		];
		expect(expectedDestinations(roundOneEnds, event, people, placements)).toEqual(
			new Map([[1, 'lobby']])
		);
		expect(expectedDestinations(opening, event, people, placements)).toEqual(
			new Map([
				[1, 'session:plenaire-opening'],
				[2, 'session:plenaire-opening'],
				[3, 'session:plenaire-opening']
			])
		);
		// Out of round II: into the round III session you hold, else back to the programme.
		expect(
			expectedDestinations(
				twoToThree,
				event,
				people.map((p) => ({ ...p, location: 'session:cooperatieve-fondsen' as const })),
				placements
			)
		).toEqual(
			new Map([
				[1, 'lobby'],
				[2, 'lobby'],
				[3, 'session:energiewinnend-net']
			])
		);
		expect(
			expectedDestinations(
				closing,
				event,
				[{ attendee: 4, location: 'session:brainstorm-incubator' }],
				placements
			)
		).toEqual(new Map([[4, 'session:plenaire-afsluiting']]));
	});

	it('counts who arrived, how fast, who was stranded and who was moved twice', () => {
		const [roundOneStarts] = transitionsIn(event, at('15:55'), at('22:05'));
		const journal = newJournal();
		const T = 1_000_000;
		journal.locations.push(
			{ attendee: 1, at: T - 5000, location: 'lobby' },
			{ attendee: 2, at: T - 5000, location: 'lobby' },
			{ attendee: 1, at: T + 120, location: 'session:toekomst-wooncooperatie' }
		);
		journal.moves.push(
			{ attendee: 1, at: T + 50, reason: 'round-start', round: 'ronde-1', to: 'lobby' },
			{ attendee: 2, at: T + 50, reason: 'round-start', round: 'ronde-1', to: 'lobby' },
			{ attendee: 2, at: T + 90, reason: 'round-start', round: 'ronde-1', to: 'lobby' }
		);
		const placements: Placements = new Map([
			[
				'ronde-1',
				new Map([
					['u1', 'toekomst-wooncooperatie'],
					['u2', 'toolkit-energietransitie']
				])
			]
		]);
		const people = [
			{ attendee: 1, userId: 'u1', arrivedAt: T - 5000 },
			{ attendee: 2, userId: 'u2', arrivedAt: T - 5000 }
		];
		expect(
			transitionFigures(roundOneStarts, T, T + 30_000, event, journal, people, placements)
		).toEqual({
			label: 'ronde-1 starts',
			due: 2,
			arrived: 1,
			p50Ms: 120,
			p99Ms: 120,
			maxMs: 120,
			stranded: [2],
			repeated: ['2:round-start:ronde-1']
		});
	});
});

describe('the dress rehearsal: waitlists and chat', () => {
	const signup = (attendee: number, sentAt: number, ackedAt: number) => ({
		attendee,
		round: 'ronde-1',
		session: 'brainstorm-cooperatieve-tech',
		sentAt,
		ackedAt,
		status: 'waitlisted' as const
	});
	const placed = (...users: string[]): Placements =>
		new Map([['ronde-1', new Map(users.map((u) => [u, 'brainstorm-cooperatieve-tech']))]]);
	const ids = new Map([
		[1, 'u1'],
		[2, 'u2']
	]);

	it('finds a later waitlisted person placed before an earlier one', () => {
		const journal = newJournal();
		journal.signups.push(signup(1, 0, 10), signup(2, 20, 30));
		expect(waitlistViolations(journal, ids, placed('u2'))).toEqual([
			{ round: 'ronde-1', session: 'brainstorm-cooperatieve-tech', earlier: 1, later: 2 }
		]);
		expect(waitlistViolations(journal, ids, placed('u1'))).toEqual([]);
		expect(waitlistViolations(journal, ids, placed('u1', 'u2'))).toEqual([]);
	});

	it('does not judge requests that overlapped, or someone who cancelled', () => {
		const overlapping = newJournal();
		overlapping.signups.push(signup(1, 0, 30), signup(2, 20, 40));
		expect(waitlistViolations(overlapping, ids, placed('u2'))).toEqual([]);
		const cancelled = newJournal();
		cancelled.signups.push(signup(1, 0, 10), signup(2, 20, 30));
		cancelled.cancels.push({ attendee: 1, round: 'ronde-1', at: 50 });
		expect(waitlistViolations(cancelled, ids, placed('u2'))).toEqual([]);
	});

	it('counts a message missing from a chat panel that was open all along', () => {
		const journal = newJournal();
		journal.chatSent.push(
			{ attendee: 1, room: 'r', id: 'm1', sentAt: 1000, ackedAt: 1010 },
			{ attendee: 1, room: 'r', id: 'm2', sentAt: 2000, ackedAt: 2010 },
			// Sent before the second panel opened: that panel is not judged on it.
			{ attendee: 1, room: 'r', id: 'm0', sentAt: 100, ackedAt: 110 }
		);
		journal.chatStays.push(
			{ attendee: 2, room: 'r', joinedAt: 500, leftAt: 9000, seen: new Set(['m1']) },
			{ attendee: 3, room: 'r', joinedAt: 50, leftAt: 9000, seen: new Set(['m0', 'm1', 'm2']) },
			// Left before the grace after m2's acknowledgement: not judged on m2.
			{ attendee: 4, room: 'r', joinedAt: 50, leftAt: 7000, seen: new Set(['m0', 'm1']) }
		);
		expect(chatFigures(journal, 5000)).toEqual({ acknowledged: 3, checks: 7, missing: 1 });
	});
});

describe('the dress rehearsal: the simulated evening', () => {
	const options = {
		attendees: 200,
		window: { from: at('15:55'), to: at('22:05') },
		media: 10,
		seed: 3
	};

	it('is the same for the same seed', () => {
		expect(planEvening(event, options)).toEqual(planEvening(event, options));
		expect(planEvening(event, { ...options, seed: 4 })).not.toEqual(planEvening(event, options));
	});

	it('signs up only people with an account, always before the round, and keeps the sample', () => {
		const plans = planEvening(event, options);
		const starts = new Map(event.rounds.map((r) => [r.id, Date.parse(r.start)]));
		for (const plan of plans) {
			if (plan.signIn === 'guest') expect(plan.choices).toEqual([]);
			for (const c of plan.choices) {
				expect(c.at).toBeGreaterThanOrEqual(plan.arriveAt);
				expect(c.at).toBeLessThan(starts.get(c.round)!);
			}
		}
		const sample = plans.filter((p) => p.media);
		expect(sample.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
		expect(sample.every((p) => p.signIn === 'link' && !p.leaveAt && !p.reloadAt)).toBe(true);
		// Some arrive late, some leave early, some reload, some are guests.
		expect(plans.filter((p) => p.arriveAt > at('16:25')).length).toBeGreaterThan(0);
		expect(plans.filter((p) => p.leaveAt).length).toBeGreaterThan(0);
		expect(plans.filter((p) => p.reloadAt).length).toBeGreaterThan(0);
		expect(plans.filter((p) => p.signIn === 'guest').length).toBeGreaterThan(0);
	});
});
