import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/lib/shared/board/sync.ts';
import type { PollAnswer, PollDraft, Tally } from '../../src/lib/shared/polls/schema.ts';
import type { Ack } from '../../src/lib/shared/realtime/protocol.ts';
import { stageKeys } from '../../src/lib/server/redis-keys.ts';
import { startApp, startSecondNode, waitFor, type AppProcess } from '../support/app-process.ts';
import { cliInvite } from '../support/admin-cli.ts';
import { guestCookie, registerAndSignIn } from '../support/http.ts';
import { TestClient } from '../support/realtime-client.ts';

/*
 * Polls and the stage view through real processes: two app nodes sharing one Redis, forty
 * people answering and changing their answers at once, a person answering from two nodes at the
 * same moment, closing, late joiners, hidden results, the refusals, and a finished brainstorm's
 * results put on a plenary's stage.
 */

const NOW = '2022-01-17T18:40:00+01:00';
const PLENARY = 'plenaire-opening';
const BRAINSTORM = 'brainstorm-cooperatieve-tech';
const UNFINISHED = 'brainstorm-incubator';
const PEOPLE = 40;

let nodeA: AppProcess;
let nodeB: AppProcess;
let redis: Redis;
let moderatorCookie: string;
const guests: string[] = [];
const clients: TestClient[] = [];

const draft = (over: Partial<PollDraft> = {}): PollDraft => ({
	question: 'Welke coöperatie begint u eerst?',
	options: ['Wonen', 'Energie', 'Voedsel'],
	multiple: false,
	other: false,
	anonymous: true,
	results: 'live',
	...over
});

function expectOk<T>(reply: Ack<T>): asserts reply is { ok: true } & T {
	if (!reply.ok) throw new Error(`refused: ${reply.code} ${reply.error}`);
}

async function connect(app: AppProcess, cookie?: string): Promise<TestClient> {
	const client = new TestClient(app.url, cookie, { reconnection: false });
	clients.push(client);
	await client.connected();
	return client;
}

/** Every tally a client receives for one poll, keeping the highest version as the browser does. */
function follow(client: TestClient, poll: string) {
	const seen: { latest?: Tally } = {};
	client.on('poll:tally', ({ tally }) => {
		if (tally.poll === poll && (!seen.latest || tally.version >= seen.latest.version))
			seen.latest = tally;
	});
	return seen;
}

beforeAll(async () => {
	nodeA = await startApp({ NODE_ENV: 'test', PLENAIR_NOW: NOW }, { keepDataDir: true });
	nodeB = await startSecondNode(nodeA, { NODE_ENV: 'test', PLENAIR_NOW: NOW });
	redis = new Redis(nodeA.redis!.url);
	moderatorCookie = await registerAndSignIn(nodeA, 'moderator@example.org', {
		invite: await cliInvite(nodeA, 'moderator')
	});
	for (let batch = 0; batch < PEOPLE / 20; batch++)
		guests.push(
			...(await Promise.all(
				Array.from({ length: 20 }, (_, i) =>
					guestCookie(
						(batch % 2 ? nodeB : nodeA).url,
						`Gast ${batch * 20 + i + 1}`,
						`127.0.0.${20 + batch}`
					)
				)
			))
		);
}, 120_000);

afterAll(async () => {
	clients.forEach((c) => c.close());
	redis?.disconnect();
	await nodeB?.stop();
	await nodeA?.stop();
});

describe('a poll answered by forty people on two nodes', () => {
	it('counts one answer per person, follows changes, refuses answers after the close, and every client ends with the final tally', async () => {
		const moderator = await connect(nodeA, moderatorCookie);
		const people = await Promise.all(guests.map((c, i) => connect(i % 2 ? nodeB : nodeA, c)));
		expectOk(await moderator.request('poll:join', { session: PLENARY }));
		for (const p of people) expectOk(await p.request('poll:join', { session: PLENARY }));

		const created = await moderator.request('poll:create', {
			session: PLENARY,
			draft: draft(),
			open: true
		});
		expectOk(created);
		const poll = created.poll.id;
		expect(created.poll.status).toBe('open');
		expect(created.poll.options.map((o) => o.id)).toEqual(['o1', 'o2', 'o3']);
		const watched = [moderator, ...people].map((c) => follow(c, poll));

		// Everyone answers at once: person i chooses option i % 3.
		const first = await Promise.all(
			people.map((p, i) =>
				p.request('poll:answer', {
					session: PLENARY,
					poll,
					answer: { choices: [`o${(i % 3) + 1}`] }
				})
			)
		);
		expect(first.filter((r) => !r.ok)).toEqual([]);
		// The first ten change their minds to 'o3', at once.
		const changed = await Promise.all(
			people
				.slice(0, 10)
				.map((p) =>
					p.request('poll:answer', { session: PLENARY, poll, answer: { choices: ['o3'] } })
				)
		);
		expect(changed.every((r) => r.ok)).toBe(true);
		// One person answers from a second connection on the other node at the same moment.
		const twin = await connect(nodeA, guests[1]);
		const both = await Promise.all([
			people[1].request('poll:answer', { session: PLENARY, poll, answer: { choices: ['o1'] } }),
			twin.request('poll:answer', { session: PLENARY, poll, answer: { choices: ['o1'] } })
		]);
		expect(both.every((r) => r.ok)).toBe(true);

		// What the test itself expects: 40 people; the first ten on o3, person 1 on o1, the rest
		// on i % 3.
		const expected: Record<string, number> = { o1: 0, o2: 0, o3: 0 };
		people.forEach((_, i) => {
			const choice = i === 1 ? 'o1' : i < 10 ? 'o3' : `o${(i % 3) + 1}`;
			expected[choice]++;
		});
		expect(expected).toEqual({ o1: 11, o2: 10, o3: 19 });

		const closed = await moderator.request('poll:close', { session: PLENARY, poll });
		expectOk(closed);
		expect(closed.poll.status).toBe('closed');
		const late = await people[5].request('poll:answer', {
			session: PLENARY,
			poll,
			answer: { choices: ['o2'] }
		});
		expect(late).toMatchObject({ ok: false, code: 'poll_closed' });

		const final = (t?: Tally) =>
			t?.voters === PEOPLE &&
			t.counts?.o1 === expected.o1 &&
			t.counts?.o2 === expected.o2 &&
			t.counts?.o3 === expected.o3;
		expect(await waitFor(() => watched.every((w) => final(w.latest)), 10_000)).toBe(true);
		// Nobody is left on an older version than the moderator's.
		const versions = new Set(watched.map((w) => w.latest!.version));
		expect(versions.size).toBe(1);

		// A late joiner on the other node reads the same result, and their own answer.
		const lateJoiner = await connect(nodeB, guests[4]);
		const joined = await lateJoiner.request('poll:join', { session: PLENARY });
		expectOk(joined);
		const view = joined.polls.find((p) => p.poll.id === poll)!;
		expect(view.tally.counts).toEqual(expected);
		expect(view.tally.voters).toBe(PEOPLE);
		expect(view.mine).toEqual({ choices: ['o3'] });

		// The session page shows the closed poll's result to anyone.
		const page = await (await fetch(`${nodeB.url}/sessions/${PLENARY}`)).text();
		expect(page).toContain('Welke coöperatie begint u eerst?');
		expect(page).toContain(`data-session-poll="${poll}"`);
	});

	it('hides a poll’s counts until it closes when asked to, shows "other" texts only to moderators, and exports names only of named polls', async () => {
		const moderator = await connect(nodeB, moderatorCookie);
		const [anna, bert] = await Promise.all([
			connect(nodeA, guests[10]),
			connect(nodeB, guests[11])
		]);
		for (const c of [moderator, anna, bert])
			expectOk(await c.request('poll:join', { session: PLENARY }));

		const hidden = await moderator.request('poll:create', {
			session: PLENARY,
			draft: draft({ question: 'Verborgen tot het einde', results: 'closed', other: true }),
			open: true
		});
		expectOk(hidden);
		const id = hidden.poll.id;
		const annaSees = follow(anna, id);
		const modSees = follow(moderator, id);
		expectOk(
			await anna.request('poll:answer', {
				session: PLENARY,
				poll: id,
				answer: { choices: [], other: 'Een zorgcoöperatie' }
			})
		);
		expectOk(
			await bert.request('poll:answer', { session: PLENARY, poll: id, answer: { choices: ['o2'] } })
		);
		expect(
			await waitFor(() => annaSees.latest?.voters === 2 && modSees.latest?.voters === 2, 5000)
		).toBe(true);
		expect(annaSees.latest!.counts).toBeUndefined();
		expect(annaSees.latest!.others).toBeUndefined();
		expect(modSees.latest!.counts).toEqual({ o1: 0, o2: 1, o3: 0 });
		expect(modSees.latest!.others).toEqual(['Een zorgcoöperatie']);

		expectOk(await moderator.request('poll:close', { session: PLENARY, poll: id }));
		expect(await waitFor(() => annaSees.latest?.counts?.o2 === 1, 5000)).toBe(true);
		expect(annaSees.latest!.other).toBe(1);
		expect(annaSees.latest!.others).toBeUndefined();

		const named = await moderator.request('poll:create', {
			session: PLENARY,
			draft: draft({ question: 'Met naam', anonymous: false }),
			open: true
		});
		expectOk(named);
		expectOk(
			await bert.request('poll:answer', {
				session: PLENARY,
				poll: named.poll.id,
				answer: { choices: ['o1'] }
			})
		);

		// The export is for moderators only.
		const anonymousRead = await fetch(`${nodeA.url}/sessions/${PLENARY}/polls.json`, {
			headers: { cookie: guests[10] }
		});
		expect(anonymousRead.status).toBe(403);
		const exported = (await (
			await fetch(`${nodeA.url}/sessions/${PLENARY}/polls.json`, {
				headers: { cookie: moderatorCookie }
			})
		).json()) as {
			polls: { poll: { id: string }; answers: { name?: string; other?: string }[] }[];
		};
		const answersOf = (poll: string) => exported.polls.find((p) => p.poll.id === poll)!.answers;
		expect(answersOf(id).map((a) => a.name)).toEqual([undefined, undefined]);
		expect(answersOf(id).map((a) => a.other)).toContain('Een zorgcoöperatie');
		expect(answersOf(named.poll.id).map((a) => a.name)).toEqual(['Gast 12']);
		const csv = await (
			await fetch(`${nodeA.url}/sessions/${PLENARY}/polls.csv`, {
				headers: { cookie: moderatorCookie }
			})
		).text();
		expect(csv.split('\r\n')[0]).toBe(
			'"poll","question","status","kind","choice","count","percent","answers"'
		);
		expect(csv).toContain(
			`"${id}","Verborgen tot het einde","closed","other_text","Een zorgcoöperatie","1"`
		);
	});
});

describe('the rules of a poll', () => {
	it('refuses what does not fit, who may not, and keeps drafts to moderators', async () => {
		const moderator = await connect(nodeA, moderatorCookie);
		const guest = await connect(nodeB, guests[20]);
		const anonymous = await connect(nodeA);
		expectOk(await guest.request('poll:join', { session: PLENARY }));

		const made = await moderator.request('poll:create', {
			session: PLENARY,
			draft: draft({ question: 'Nog niet gesteld' }),
			open: false
		});
		expectOk(made);
		const id = made.poll.id;
		expect(made.poll.status).toBe('draft');
		const seen = await guest.request('poll:join', { session: PLENARY });
		expectOk(seen);
		expect(seen.polls.some((p) => p.poll.id === id)).toBe(false);
		const answer = (a: PollAnswer, who = guest) =>
			who.request('poll:answer', { session: PLENARY, poll: id, answer: a });
		expect(await answer({ choices: ['o1'] })).toMatchObject({ ok: false, code: 'poll_closed' });

		const edited = await moderator.request('poll:edit', {
			session: PLENARY,
			poll: id,
			draft: draft({ question: 'Nu wel', options: ['Ja', 'Nee'] })
		});
		expectOk(edited);
		expect(edited.poll.options.map((o) => o.label)).toEqual(['Ja', 'Nee']);
		expectOk(await moderator.request('poll:open', { session: PLENARY, poll: id }));
		expect(
			await moderator.request('poll:edit', { session: PLENARY, poll: id, draft: draft() })
		).toMatchObject({ ok: false, code: 'poll_rule', reason: 'not_draft' });
		expect(await moderator.request('poll:delete', { session: PLENARY, poll: id })).toMatchObject({
			ok: false,
			code: 'poll_rule',
			reason: 'open'
		});

		expect(await answer({ choices: ['o3'] })).toMatchObject({
			code: 'poll_rule',
			reason: 'unknown_choice'
		});
		expect(await answer({ choices: ['o1', 'o2'] })).toMatchObject({
			code: 'poll_rule',
			reason: 'one_choice'
		});
		expect(await answer({ choices: [], other: 'iets' })).toMatchObject({
			code: 'poll_rule',
			reason: 'no_other'
		});
		expect(await answer({ choices: [] })).toMatchObject({ ok: false, code: 'invalid' });
		expect(await answer({ choices: ['o1'] }, anonymous)).toMatchObject({
			ok: false,
			code: 'sign_in'
		});
		expect(
			await guest.request('poll:create', { session: PLENARY, draft: draft(), open: true })
		).toMatchObject({ ok: false, code: 'forbidden' });
		expect(await guest.request('poll:close', { session: PLENARY, poll: id })).toMatchObject({
			ok: false,
			code: 'forbidden'
		});
		expect(await guest.request('stage:show', { session: PLENARY, view: null })).toMatchObject({
			ok: false,
			code: 'forbidden'
		});
		expect(
			await moderator.raw('poll:create', {
				session: PLENARY,
				draft: { question: 'x', options: ['a'] }
			})
		).toMatchObject({ ok: false, code: 'invalid' });
		expect(
			await moderator.raw('poll:create', {
				session: PLENARY,
				draft: { question: 'x', options: ['Ja', 'ja'] }
			})
		).toMatchObject({ ok: false, code: 'invalid' });
		expect(
			await guest.request('poll:answer', {
				session: 'no-such-session',
				poll: id,
				answer: { choices: ['o1'] }
			})
		).toMatchObject({ ok: false, code: 'unknown_session' });
		expect(
			await guest.request('poll:answer', {
				session: PLENARY,
				poll: newUuid(),
				answer: { choices: ['o1'] }
			})
		).toMatchObject({ ok: false, code: 'not_found' });

		// Past the per-person limit (30 per 10 s) an answer is refused, to be resent later.
		const burst = await Promise.all(Array.from({ length: 35 }, () => answer({ choices: ['o2'] })));
		expect(burst.filter((r) => !r.ok && r.code === 'rate_limited').length).toBeGreaterThan(0);
		expect(burst.filter((r) => r.ok).length).toBeLessThanOrEqual(30);

		expectOk(await moderator.request('poll:close', { session: PLENARY, poll: id }));
		expectOk(await moderator.request('poll:delete', { session: PLENARY, poll: id }));
		const after = await guest.request('poll:join', { session: PLENARY });
		expectOk(after);
		expect(after.polls.some((p) => p.poll.id === id)).toBe(false);
	});
});

describe('the stage of the closing plenary', () => {
	it('shows a poll and a finished brainstorm’s results to every viewer, steps through them, and notes each for the recording', async () => {
		const moderator = await connect(nodeA, moderatorCookie);
		const viewer = await connect(nodeB, guests[30]);
		for (const c of [moderator, viewer])
			expectOk(await c.request('room:enter', { session: PLENARY }));
		const stages: unknown[] = [];
		viewer.on('stage:changed', (p) => stages.push(p.content));

		// A brainstorm that has not reached its results cannot go on stage.
		expect(
			await moderator.request('stage:show', {
				session: PLENARY,
				view: { kind: 'brainstorm', board: UNFINISHED, step: 0 }
			})
		).toMatchObject({ ok: false, code: 'results_not_ready' });

		// The brainstorm runs to its results: three notes, two groups, votes.
		const board = async (op: Record<string, unknown>) => {
			const reply = await moderator.request('board:op', {
				session: BRAINSTORM,
				op: { id: newId(), ...op } as never
			});
			expectOk(reply);
		};
		expectOk(await moderator.request('board:join', { session: BRAINSTORM }));
		await board({ type: 'phase', to: 'collect' });
		const notes = [newId(), newId(), newId()];
		const texts = ['Deelplatform', 'Data-coöperatie', 'Open source'];
		for (const [i, note] of notes.entries())
			await board({ type: 'add-note', note, text: texts[i], question: 0 });
		await board({ type: 'phase', to: 'group' });
		const [tools, data] = [newId(), newId()];
		await board({ type: 'add-group', group: tools, name: 'Gereedschap' });
		await board({ type: 'add-group', group: data, name: 'Gegevens' });
		await board({ type: 'move-note', note: notes[0], group: tools });
		await board({ type: 'move-note', note: notes[2], group: tools });
		await board({ type: 'move-note', note: notes[1], group: data });
		await board({ type: 'phase', to: 'vote' });
		await board({ type: 'vote', note: notes[1], delta: 1 });
		expectOk(await viewer.request('board:join', { session: BRAINSTORM }));
		for (const note of [notes[0], notes[2]])
			expectOk(
				await viewer.request('board:op', {
					session: BRAINSTORM,
					op: { id: newId(), type: 'vote', note, delta: 1 }
				})
			);
		await board({ type: 'phase', to: 'results' });

		const clock = async () => {
			const synced = await moderator.request('clock:sync', { clientSentAt: Date.now() });
			expectOk(synced);
			return synced.now;
		};
		const before = await clock();
		const shown = await moderator.request('stage:show', {
			session: PLENARY,
			view: { kind: 'brainstorm', board: BRAINSTORM, step: 0 }
		});
		expectOk(shown);
		const after = await clock();
		// Groups best first: Gereedschap (2 votes) before Gegevens (1).
		expect(shown.content).toMatchObject({
			kind: 'brainstorm',
			board: BRAINSTORM,
			step: 0,
			voters: 2,
			results: [
				{ rank: 1, title: 'Gereedschap', votes: 2 },
				{ rank: 2, title: 'Gegevens', votes: 1, notes: [{ text: 'Data-coöperatie', votes: 1 }] }
			]
		});
		expect(await waitFor(() => stages.length === 1, 5000)).toBe(true);
		expect(stages[0]).toEqual(shown.content);

		const next = await moderator.request('stage:show', {
			session: PLENARY,
			view: { kind: 'brainstorm', board: BRAINSTORM, step: 1 }
		});
		expectOk(next);
		expect(await waitFor(() => stages.length === 2, 5000)).toBe(true);
		expect(stages[1]).toMatchObject({ step: 1 });
		expect(
			await moderator.request('stage:show', {
				session: PLENARY,
				view: { kind: 'brainstorm', board: BRAINSTORM, step: 2 }
			})
		).toMatchObject({ ok: false, code: 'invalid' });

		// Someone arriving now sees the stage as it is.
		const late = await connect(nodeA, guests[31]);
		const current = await late.request('stage:current', { session: PLENARY });
		expectOk(current);
		expect(current.content).toMatchObject({ kind: 'brainstorm', step: 1 });

		// A poll with hidden results goes on stage: its count becomes everyone's.
		const made = await moderator.request('poll:create', {
			session: PLENARY,
			draft: draft({ question: 'Op het podium', results: 'closed' }),
			open: true
		});
		expectOk(made);
		expectOk(await viewer.request('poll:join', { session: PLENARY }));
		const onStage = await moderator.request('stage:show', {
			session: PLENARY,
			view: { kind: 'poll', poll: made.poll.id }
		});
		expectOk(onStage);
		expect(await waitFor(() => stages.length === 3, 5000)).toBe(true);
		expect(stages[2]).toMatchObject({ kind: 'poll', poll: { id: made.poll.id, revealed: true } });
		const tallies: Tally[] = [];
		viewer.on('poll:tally', (p) => tallies.push(p.tally));
		expectOk(
			await late.request('poll:answer', {
				session: PLENARY,
				poll: made.poll.id,
				answer: { choices: ['o2'] }
			})
		);
		expect(await waitFor(() => tallies.some((t) => t.counts?.o2 === 1), 5000)).toBe(true);

		expectOk(await moderator.request('stage:show', { session: PLENARY, view: null }));
		expect(await waitFor(() => stages.length === 4 && stages[3] === null, 5000)).toBe(true);

		// Each new view (not each step) is marked, on the programme clock, for the chapters.
		const marks = (await redis.lrange(stageKeys(PLENARY).marks, 0, -1)).map(
			(m) => JSON.parse(m) as { title: string; at: number }
		);
		expect(marks.map((m) => m.title)).toEqual([
			'Resultaten: Brainstorm – Samen werken aan coöperatieve tech',
			'Peiling: Op het podium'
		]);
		expect(marks[0].at).toBeGreaterThanOrEqual(before);
		expect(marks[0].at).toBeLessThanOrEqual(after);

		// The plenary's page links to the evening's brainstorms.
		const page = await (await fetch(`${nodeA.url}/sessions/plenaire-afsluiting`)).text();
		for (const id of [BRAINSTORM, UNFINISHED, 'brainstorm-overwaarde'])
			expect(page).toContain(`data-evening-result="${id}"`);
	});
});

function newUuid(): string {
	return crypto.randomUUID();
}
