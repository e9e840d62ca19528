import type { EventFile } from '../../src/lib/shared/event-schema.ts';
import { sessionStatus } from '../../src/lib/shared/programme.ts';
import type { Journal, Location } from './journal.ts';
import type { NodeSample } from './cluster.ts';

/*
 * The rehearsal's figures, computed from the journal (what the attendees saw), the placements
 * Redis held just before each round started, and the programme itself: what was due at each
 * transition is derived here from the event file, not taken from the app's conductor.
 */

/** One instant of the programme at which people must move: rounds ending and starting, plenaries. */
export interface Transition {
	at: number;
	label: string;
	ending: string[];
	starting: string[];
	plenary?: string;
}

export function transitionsIn(event: EventFile, from: number, to: number): Transition[] {
	const instants = new Map<number, Transition>();
	const at = (t: number) => {
		if (!instants.has(t)) instants.set(t, { at: t, label: '', ending: [], starting: [] });
		return instants.get(t)!;
	};
	for (const round of event.rounds.filter((r) => r.signup)) {
		const start = Date.parse(round.start);
		const end = Date.parse(round.end);
		if (start > from && start < to) at(start).starting.push(round.id);
		if (end > from && end < to) at(end).ending.push(round.id);
	}
	for (const plenary of event.sessions.filter((s) => s.kind === 'plenary')) {
		const start = Date.parse(plenary.start);
		if (start > from && start < to) at(start).plenary = plenary.id;
	}
	return [...instants.values()]
		.sort((a, b) => a.at - b.at)
		.map((t) => ({
			...t,
			label: [
				...t.ending.map((r) => `${r} ends`),
				...t.starting.map((r) => `${r} starts`),
				...(t.plenary ? [`${t.plenary} starts`] : [])
			].join(', ')
		}));
}

/** Who Redis had placed in which session, per round (user id → session), read before the start. */
export type Placements = Map<string, Map<string, string>>;

export interface Person {
	attendee: number;
	userId?: string;
	/** Real instants of arrival (first location) and of closing the tab before the end. */
	arrivedAt?: number;
	leftAt?: number;
}

const byAttendee = new WeakMap<Journal['locations'], Map<number, Journal['locations']>>();

/** The journal's location changes of one attendee, in order (indexed once per journal). */
function locationsOf(journal: Journal, attendee: number): Journal['locations'] {
	let index = byAttendee.get(journal.locations);
	if (!index) {
		index = new Map();
		for (const l of journal.locations) index.set(l.attendee, [...(index.get(l.attendee) ?? []), l]);
		byAttendee.set(journal.locations, index);
	}
	return index.get(attendee) ?? [];
}

/** Where the journal has an attendee at a real instant. */
export function locationAt(journal: Journal, attendee: number, at: number): Location | undefined {
	let where: Location | undefined;
	for (const l of locationsOf(journal, attendee)) if (l.at <= at) where = l.location;
	return where;
}

/**
 * Where the programme wants each person present at transition `t`: out of an ending round into
 * the plenary that is on (or the next round's session they hold, or the lobby), into the session
 * they were placed in for a starting round, and everyone not in another live room into a
 * starting plenary.
 */
export function expectedDestinations(
	t: Transition,
	event: EventFile,
	people: { attendee: number; userId?: string; location: Location }[],
	placements: Placements
): Map<number, Location> {
	const out = new Map<number, Location>();
	const roundOf = (location: Location) =>
		event.sessions.find((s) => `session:${s.id}` === location)?.round;
	const livePlenary = event.sessions.find(
		(s) => s.kind === 'plenary' && sessionStatus(s, t.at) === 'live'
	);
	for (const p of people) {
		let to: Location | undefined;
		const round = roundOf(p.location);
		if (round && t.ending.includes(round)) to = livePlenary ? `session:${livePlenary.id}` : 'lobby';
		for (const r of t.starting) {
			const session = p.userId ? placements.get(r)?.get(p.userId) : undefined;
			if (session) to = `session:${session}`;
		}
		if (t.plenary) {
			const busy = event.sessions.some(
				(s) =>
					s.id !== t.plenary &&
					`session:${s.id}` === (to ?? p.location) &&
					sessionStatus(s, t.at) === 'live'
			);
			if (!busy) to = `session:${t.plenary}`;
		}
		if (to) out.set(p.attendee, to);
	}
	return out;
}

export interface TransitionFigures {
	label: string;
	due: number;
	arrived: number;
	p50Ms: number;
	p99Ms: number;
	maxMs: number;
	stranded: number[];
	/** "attendee:reason:round" of every move someone got more than once. */
	repeated: string[];
}

export function quantile(sorted: number[], q: number): number {
	if (sorted.length === 0) return 0;
	return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

/**
 * One transition at real instant `realAt`: who was due where, who got there by `until` (the
 * deadline, or the rehearsal's end), how fast, and who got a move twice. People who closed
 * their tab before `until` are not counted.
 */
export function transitionFigures(
	t: Transition,
	realAt: number,
	until: number,
	event: EventFile,
	journal: Journal,
	people: Person[],
	placements: Placements
): TransitionFigures {
	const present = people.filter(
		(p) =>
			p.arrivedAt !== undefined &&
			p.arrivedAt <= realAt &&
			(p.leftAt === undefined || p.leftAt > until)
	);
	const due = expectedDestinations(
		t,
		event,
		present.map((p) => ({
			attendee: p.attendee,
			userId: p.userId,
			location: locationAt(journal, p.attendee, realAt) ?? 'lobby'
		})),
		placements
	);
	const latencies: number[] = [];
	const stranded: number[] = [];
	for (const [attendee, to] of due) {
		if (locationAt(journal, attendee, realAt) === to) {
			latencies.push(0);
			continue;
		}
		const reached = locationsOf(journal, attendee).find(
			(l) => l.location === to && l.at >= realAt && l.at <= until
		);
		if (reached) latencies.push(reached.at - realAt);
		else stranded.push(attendee);
	}
	const counts = new Map<string, number>();
	for (const m of journal.moves)
		if (m.at >= realAt - 1000 && m.at <= until) {
			const key = `${m.attendee}:${m.reason}:${m.round ?? ''}`;
			counts.set(key, (counts.get(key) ?? 0) + 1);
		}
	latencies.sort((a, b) => a - b);
	const repeated = [...counts].filter(([, n]) => n > 1).map(([key]) => key);
	return {
		label: t.label,
		due: due.size,
		arrived: latencies.length,
		p50Ms: quantile(latencies, 0.5),
		p99Ms: quantile(latencies, 0.99),
		maxMs: latencies.at(-1) ?? 0,
		stranded,
		repeated
	};
}

/** The most people in a session's room at once, from the journal, against its capacity. */
export function capacityFigures(
	event: EventFile,
	journal: Journal,
	placements: Placements
): { session: string; capacity: number; placed: number; mostInRoom: number }[] {
	const rows = [];
	for (const session of event.sessions.filter((s) => s.capacity && s.round)) {
		const where = new Map<number, Location>();
		let inRoom = 0;
		let most = 0;
		const target: Location = `session:${session.id}`;
		for (const l of [...journal.locations].sort((a, b) => a.at - b.at)) {
			const before = where.get(l.attendee);
			if (before === target) inRoom--;
			if (l.location === target) inRoom++;
			where.set(l.attendee, l.location);
			most = Math.max(most, inRoom);
		}
		const placed = [...(placements.get(session.round!)?.values() ?? [])].filter(
			(s) => s === session.id
		).length;
		if (placements.has(session.round!) || most > 0)
			rows.push({ session: session.id, capacity: session.capacity!, placed, mostInRoom: most });
	}
	return rows;
}

/**
 * First come, first served: when A was put on a session's waitlist before B asked (A's answer
 * came before B's request left), and neither changed their mind, B may not be placed while A is
 * not. Returns the pairs that break it.
 */
export function waitlistViolations(
	journal: Journal,
	userIds: Map<number, string>,
	placements: Placements
): { round: string; session: string; earlier: number; later: number }[] {
	const out = [];
	const changed = new Set(journal.cancels.map((c) => `${c.attendee}:${c.round}`));
	const waiting = journal.signups.filter(
		(s) => s.status === 'waitlisted' && !changed.has(`${s.attendee}:${s.round}`)
	);
	const placed = (a: number, round: string, session: string) =>
		placements.get(round)?.get(userIds.get(a) ?? '') === session;
	for (const a of waiting)
		for (const b of waiting)
			if (
				a.round === b.round &&
				a.session === b.session &&
				a.ackedAt < b.sentAt &&
				placed(b.attendee, b.round, b.session) &&
				!placed(a.attendee, a.round, a.session)
			)
				out.push({ round: a.round, session: a.session, earlier: a.attendee, later: b.attendee });
	return out;
}

/**
 * Every acknowledged message must be in the history of every chat panel that was open in its
 * room from before it was sent until `graceMs` after its acknowledgement.
 */
export function chatFigures(
	journal: Journal,
	graceMs: number
): { acknowledged: number; checks: number; missing: number } {
	let checks = 0;
	let missing = 0;
	const staysByRoom = new Map<string, Journal['chatStays']>();
	for (const stay of journal.chatStays)
		staysByRoom.set(stay.room, [...(staysByRoom.get(stay.room) ?? []), stay]);
	for (const m of journal.chatSent)
		for (const stay of staysByRoom.get(m.room) ?? [])
			if (stay.joinedAt <= m.sentAt && m.ackedAt + graceMs <= stay.leftAt) {
				checks++;
				if (!stay.seen.has(m.id)) missing++;
			}
	return { acknowledged: journal.chatSent.length, checks, missing };
}

/** Each brainstorm: how many clients ended with exactly the moderator's final board. */
export function boardFigures(
	journal: Journal,
	finals: Map<string, { version: number; digest: string }>,
	endOf: (session: string) => number
): { session: string; version: number; clients: number; equal: number }[] {
	return [...finals].map(([session, final]) => {
		const ends = journal.boards.filter((b) => b.session === session && b.at >= endOf(session));
		return {
			session,
			version: final.version,
			clients: ends.length,
			equal: ends.filter((b) => b.digest === final.digest).length
		};
	});
}

/** The highest of the known values, or undefined when none is known. */
function most(values: (number | undefined)[]): number | undefined {
	const known = values.filter((v): v is number => v !== undefined);
	return known.length ? Math.max(...known) : undefined;
}

/**
 * Per node: mean and highest CPU (share of a core), highest memory, event-loop lag and
 * connections.
 */
export function nodeFigures(samples: NodeSample[]): {
	node: string;
	cpuMean: number;
	cpuMax: number;
	rssMaxMiB: number;
	lagP99MaxMs?: number;
	socketsMax?: number;
}[] {
	const names = [...new Set(samples.map((s) => s.node))];
	return names.map((node) => {
		const mine = samples.filter((s) => s.node === node);
		return {
			node,
			cpuMean: mine.reduce((a, s) => a + s.cpu, 0) / Math.max(1, mine.length),
			cpuMax: Math.max(0, ...mine.map((s) => s.cpu)),
			rssMaxMiB: Math.max(0, ...mine.map((s) => s.rssMiB)),
			lagP99MaxMs: most(mine.map((s) => s.lagMs)),
			socketsMax: most(mine.map((s) => s.sockets))
		};
	});
}

/**
 * CPU-seconds the nodes whose name starts with `prefix` spent between two real instants, from
 * the samples (each covers the interval before it).
 */
export function cpuSecondsBetween(
	samples: NodeSample[],
	prefix: string,
	from: number,
	to: number,
	intervalMs: number
): number {
	return samples
		.filter((s) => s.node.startsWith(prefix) && s.at > from && s.at <= to + intervalMs)
		.reduce((sum, s) => sum + (s.cpu * intervalMs) / 1000, 0);
}

/**
 * After a fault at `killedAt`: the attendees whose connection dropped within `windowMs`, and how
 * long until each was connected and where the programme wants them again.
 */
export function recoveryFigures(
	journal: Journal,
	killedAt: number,
	/** Real instants at which attendees closed their tab for good (they need not come back). */
	leftAt: Map<number, number>,
	windowMs = 3000
): { affected: number; back: number; p50Ms: number; maxMs: number } {
	const affected = [
		...new Set(
			journal.disconnects
				.filter((d) => d.at >= killedAt && d.at <= killedAt + windowMs)
				.map((d) => d.attendee)
		)
	].filter(
		(a) =>
			!(
				leftAt.get(a)! <=
				(journal.resyncs.find((r) => r.attendee === a && r.at > killedAt)?.at ?? Infinity)
			)
	);
	return recovery(
		affected,
		killedAt,
		(a) => journal.resyncs.find((r) => r.attendee === a && r.at > killedAt)?.at
	);
}

/** How many of the affected came back (`backAt`), and how long after `killedAt`. */
function recovery(
	affected: number[],
	killedAt: number,
	backAt: (attendee: number) => number | undefined
): { affected: number; back: number; p50Ms: number; maxMs: number } {
	const times = affected
		.flatMap((a) => {
			const at = backAt(a);
			return at === undefined ? [] : [at - killedAt];
		})
		.sort((a, b) => a - b);
	return {
		affected: affected.length,
		back: times.length,
		p50Ms: quantile(times, 0.5),
		maxMs: times.at(-1) ?? 0
	};
}

/** The media sample after a LiveKit node died: who lost their room, and when each was back. */
export function mediaRecoveryFigures(
	journal: Journal,
	killedAt: number
): { affected: number; back: number; p50Ms: number; maxMs: number } {
	const lost = journal.media.filter((m) => m.event === 'lost' && m.at >= killedAt);
	return recovery(
		[...new Set(lost.map((m) => m.attendee))],
		killedAt,
		(a) =>
			journal.media.find((m) => m.attendee === a && m.event === 'connected' && m.at > killedAt)?.at
	);
}

/**
 * The evening in steps of programme time: for each node, mean CPU (share of a core), and for
 * app nodes the most connections and the worst event-loop p99 in that step.
 */
export function timelineFigures(
	samples: NodeSample[],
	realTimeOf: (at: number) => number,
	from: number,
	to: number,
	stepMs: number
): {
	from: number;
	nodes: { node: string; cpu: number; sockets?: number; lagMs?: number }[];
}[] {
	const names = [...new Set(samples.map((s) => s.node))];
	const rows = [];
	for (let at = from; at < to; at += stepMs) {
		const start = realTimeOf(at);
		const end = realTimeOf(Math.min(to, at + stepMs));
		const inStep = samples.filter((s) => s.at > start && s.at <= end);
		rows.push({
			from: at,
			nodes: names.map((node) => {
				const mine = inStep.filter((s) => s.node === node);
				return {
					node,
					cpu: mine.reduce((a, s) => a + s.cpu, 0) / Math.max(1, mine.length),
					sockets: most(mine.map((s) => s.sockets)),
					lagMs: most(mine.map((s) => s.lagMs))
				};
			})
		});
	}
	return rows;
}
