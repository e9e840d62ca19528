import { Redis } from 'ioredis';
import { RoomServiceClient } from 'livekit-server-sdk';
import { loadEventFile } from '../../src/lib/server/event-file.ts';
import { roomNameFor } from '../../src/lib/server/livekit.ts';
import { RoundSignup } from '../../src/lib/server/round-signup.ts';
import { isoInZone } from '../../src/lib/shared/zoned-time.ts';
import { cliInvite } from '../../tests/support/admin-cli.ts';
import { SimulatedAttendee, type Venue } from './attendee.ts';
import { Cluster } from './cluster.ts';
import { newJournal, type Journal } from './journal.ts';
import { RtcNodeMedia } from './media.ts';
import { SimulatedModerator } from './moderator.ts';
import { planEvening } from './plan.ts';
import {
	boardFigures,
	capacityFigures,
	chatFigures,
	cpuSecondsBetween,
	mediaRecoveryFigures,
	nodeFigures,
	recoveryFigures,
	timelineFigures,
	transitionFigures,
	transitionsIn,
	waitlistViolations,
	type Person,
	type Placements
} from './report.ts';

export interface RehearsalOptions {
	eventFile: string;
	/** Programme instants to play from and to. */
	from: number;
	to: number;
	speed: number;
	attendees: number;
	/** How many attendees join LiveKit rooms for real (rtc-node). */
	media: number;
	/** Chat messages per person per real minute while in a room. */
	chatPerMinute: number;
	/**
	 * Programme instants at which app node 2, and livekit-server node 2, crash (SIGKILL) and
	 * restart; none when absent. `npm run rehearsal` puts them halfway rounds II and III.
	 */
	faults: { app?: number; livekit?: number };
	seed: number;
	/** How long after a transition someone still counts as arriving (real ms). */
	deadlineMs: number;
	log?: (line: string) => void;
}

export type RehearsalReport = Awaited<ReturnType<typeof rehearse>>;

/** Real time the cluster gets to start before the programme clock reaches `from`. */
const START_MARGIN_MS = 5000;
const CHAT_GRACE_MS = 5000;
const SAMPLE_MS = 2000;
/** The node timeline's step, in programme time. */
const TIMELINE_STEP_MS = 30 * 60_000;

/** Plays the evening on a fresh two-by-two cluster and returns its figures. */
export async function rehearse(options: RehearsalOptions) {
	const log = options.log ?? (() => {});
	const event = await loadEventFile(options.eventFile);
	const iso = (at: number) => isoInZone(at, event.event.timezone).slice(11, 16);
	const since = Date.now() + START_MARGIN_MS;
	const realTimeOf = (at: number) => since + (at - options.from) / options.speed;
	const now = () => options.from + (Date.now() - since) * options.speed;
	log(`starting Redis, two livekit-server nodes and two app nodes`);
	const cluster = await Cluster.start({
		eventFile: options.eventFile,
		from: options.from,
		speed: options.speed,
		since
	});
	log(
		`the cluster is up ${Math.round((since - Date.now()) / 1000)} s before the clock reaches the start`
	);
	const redis = new Redis(cluster.redisUrl);
	const journal = newJournal();
	const venue: Venue = {
		url: cluster.url,
		event,
		now,
		realTimeOf,
		journal,
		window: { from: options.from, to: options.to },
		redis,
		redisUrl: cluster.redisUrl,
		chatPerMinute: options.chatPerMinute,
		media:
			options.media > 0
				? (i) => new RtcNodeMedia(i, plans[i].media === 'publish', journal)
				: undefined
	};
	const plans = planEvening(event, {
		attendees: options.attendees,
		window: { from: options.from, to: options.to },
		media: options.media,
		seed: options.seed
	});
	const timers: NodeJS.Timeout[] = [];
	const atProgramme = (at: number, run: () => Promise<void>) =>
		timers.push(
			setTimeout(
				() => void run().catch((e: Error) => log(`! ${e.message}`)),
				Math.max(0, realTimeOf(at) - Date.now())
			)
		);

	try {
		const moderator = new SimulatedModerator(venue);
		const invite = await cliInvite({ dataDir: cluster.dir, url: cluster.url }, 'moderator', {
			env: { REDIS_URL: cluster.redisUrl }
		});
		await moderator.start(invite);

		const attendees = plans.map((plan) => new SimulatedAttendee(plan, venue));
		attendees.forEach((a) => a.schedule());
		cluster.startSampling(SAMPLE_MS);
		log(
			`${plans.length} attendees, the programme from ${iso(options.from)} to ${iso(options.to)} at ${options.speed}×`
		);

		// Just before each round starts: who Redis placed where (the expectation of its moves).
		const placements: Placements = new Map();
		const signup = new RoundSignup(redis);
		for (const round of event.rounds.filter((r) => r.signup)) {
			const start = Date.parse(round.start);
			if (start <= options.from || start >= options.to) continue;
			atProgramme(start - 60_000, async () => {
				const byUser = new Map<string, string>();
				for (const s of event.sessions.filter((x) => x.round === round.id))
					for (const user of await signup.placed(round.id, s.id)) byUser.set(user, s.id);
				placements.set(round.id, byUser);
			});
		}

		// Every session's LiveKit room is made in advance, on the two nodes in turn, so that both
		// carry rooms and the LiveKit fault hits some of the sample (LiveKit would pick at random).
		const rooms = new RoomServiceClient(
			cluster.livekit.url,
			cluster.livekit.apiKey,
			cluster.livekit.apiSecret
		);
		const nodeOfRoom = new Map<string, number>();
		for (const [i, session] of event.sessions.entries()) {
			await rooms.createRoom({
				name: roomNameFor(event.event.slug, session.id),
				nodeId: cluster.livekitIds[i % 2],
				emptyTimeout: 24 * 3600
			});
			nodeOfRoom.set(`session:${session.id}`, i % 2);
		}

		// At 40 % and 85 % of each session with people in it: the media sample in LiveKit against
		// where the app has them (the LiveKit fault falls between the two, at half time).
		const livekitChecks: { at: string; realAt: number; expected: number; matched: number }[] = [];
		const checkpoints = [
			...new Set(
				event.sessions
					.filter((s) => s.kind !== 'livecast')
					.flatMap((s) =>
						[0.4, 0.85].map(
							(f) => Date.parse(s.start) + f * (Date.parse(s.end) - Date.parse(s.start))
						)
					)
			)
		];
		for (const mid of checkpoints.filter((m) => m > options.from && m < options.to))
			atProgramme(mid, async () => {
				const sample = attendees.filter(
					(a) => a.plan.media && !a.gone && a.location !== 'lobby' && a.userId
				);
				let matched = 0;
				for (const a of sample) {
					const room = roomNameFor(event.event.slug, a.location.slice('session:'.length));
					const there = await rooms.listParticipants(room).catch(() => []);
					if (there.some((p) => p.identity === a.userId)) matched++;
				}
				livekitChecks.push({ at: iso(mid), realAt: Date.now(), expected: sample.length, matched });
			});

		const faults: { kind: 'app' | 'livekit'; what: string; killedAt: number; upAt: number }[] = [];
		const inWindow = (at?: number): at is number =>
			at !== undefined && at > options.from && at < options.to;
		const { app: appFault, livekit: livekitFault } = options.faults;
		if (inWindow(appFault))
			atProgramme(appFault, async () => {
				log('fault: app node 2 crashes (SIGKILL) and restarts');
				faults.push({
					kind: 'app',
					what: 'app node 2 restarts',
					...(await cluster.restartApp(1))
				});
			});
		if (inWindow(livekitFault))
			atProgramme(livekitFault, async () => {
				// The node that holds the rooms of most of the media sample right now.
				const onNode = [0, 1].map(
					(n) =>
						attendees.filter((a) => a.plan.media && !a.gone && nodeOfRoom.get(a.location) === n)
							.length
				);
				const node = onNode[0] > onNode[1] ? 0 : 1;
				log(`fault: livekit-server node ${node + 1} crashes (SIGKILL) and restarts`);
				faults.push({
					kind: 'livekit',
					what: `livekit node ${node + 1} restarts`,
					...(await cluster.restartLivekit(node))
				});
			});

		const transitions = transitionsIn(event, options.from, options.to);
		for (const t of transitions) atProgramme(t.at, async () => log(`${iso(t.at)} ${t.label}`));
		await new Promise((r) => setTimeout(r, Math.max(0, realTimeOf(options.to) - Date.now())));
		// Quiet, so that every acknowledged message and board operation has landed.
		await new Promise((r) => setTimeout(r, CHAT_GRACE_MS));
		const endedAt = Date.now();
		await Promise.all(attendees.map((a) => a.leave()));
		moderator.stop();
		timers.forEach((t) => clearTimeout(t));

		const people: Person[] = attendees.map((a) => ({
			attendee: a.plan.index,
			userId: a.userId,
			arrivedAt: journal.locations.find((l) => l.attendee === a.plan.index)?.at,
			leftAt: a.plan.leaveAt !== undefined ? realTimeOf(a.plan.leaveAt) : undefined
		}));
		const leftAt = new Map(
			people.flatMap((p) => (p.leftAt !== undefined ? [[p.attendee, p.leftAt] as const] : []))
		);
		const userIds = new Map(
			people.flatMap((p) => (p.userId ? [[p.attendee, p.userId] as const] : []))
		);
		const endOf = (session: string) =>
			realTimeOf(Date.parse(event.sessions.find((s) => s.id === session)!.end));
		return {
			options: { ...options, log: undefined },
			timeZone: event.event.timezone,
			transitions: transitions.map((t) => {
				const realAt = realTimeOf(t.at);
				const figures = transitionFigures(
					t,
					realAt,
					Math.min(realAt + options.deadlineMs, endedAt),
					event,
					journal,
					people,
					placements
				);
				// What the app nodes spent while the moves were carried out (samples every 2 s).
				const appCpuSeconds = cpuSecondsBetween(
					cluster.samples,
					'app',
					realAt,
					realAt + Math.max(1000, figures.maxMs),
					SAMPLE_MS
				);
				return { ...figures, appCpuSeconds };
			}),
			capacity: capacityFigures(event, journal, placements),
			waitlist: {
				waitlisted: journal.signups.filter((s) => s.status === 'waitlisted').length,
				promoted: journal.promotions.length,
				violations: waitlistViolations(journal, userIds, placements)
			},
			chat: chatFigures(journal, CHAT_GRACE_MS),
			boards: boardFigures(journal, moderator.finals, endOf),
			// A check while a LiveKit node is down and its people are still rejoining says nothing.
			livekit: livekitChecks.map(({ realAt, ...check }) => ({
				...check,
				duringFault: faults.some((f) => {
					if (f.kind !== 'livekit') return false;
					const { maxMs } = mediaRecoveryFigures(journal, f.killedAt);
					return realAt >= f.killedAt && realAt <= f.killedAt + maxMs;
				})
			})),
			nodes: nodeFigures(cluster.samples),
			timeline: timelineFigures(
				cluster.samples,
				realTimeOf,
				options.from,
				options.to,
				TIMELINE_STEP_MS
			),
			// An app node's crash drops Socket.IO connections; a LiveKit node's, media connections.
			faults: faults.map((f) => ({
				what: f.what,
				downMs: f.upAt - f.killedAt,
				sockets: f.kind === 'app' ? recoveryFigures(journal, f.killedAt, leftAt) : undefined,
				media: f.kind === 'livekit' ? mediaRecoveryFigures(journal, f.killedAt) : undefined
			})),
			counts: countsOf(journal, attendees),
			errors: journal.errors
		};
	} finally {
		timers.forEach((t) => clearTimeout(t));
		redis.disconnect();
		await cluster.stop();
	}
}

function countsOf(journal: Journal, attendees: SimulatedAttendee[]) {
	return {
		attendees: attendees.length,
		arrived: new Set(journal.locations.map((l) => l.attendee)).size,
		guests: attendees.filter((a) => a.plan.signIn === 'guest').length,
		signups: journal.signups.length,
		cancels: journal.cancels.length,
		reloads: attendees.filter((a) => a.plan.reloadAt !== undefined).length,
		leftEarly: attendees.filter((a) => a.plan.leaveAt !== undefined).length,
		moves: journal.moves.length,
		tokens: journal.tokens.length,
		tokensRefused: journal.tokens.filter((t) => !t.ok).length,
		/** Refused token requests by HTTP status (e.g. 410: the session ended as they came). */
		tokensRefusedBy: journal.tokens
			.filter((t) => !t.ok)
			.reduce<Record<string, number>>(
				(by, t) => ({ ...by, [t.status]: (by[t.status] ?? 0) + 1 }),
				{}
			),
		chatSent: journal.chatSent.length,
		disconnects: journal.disconnects.length,
		mediaJoins: journal.media.filter((m) => m.event === 'connected').length
	};
}
