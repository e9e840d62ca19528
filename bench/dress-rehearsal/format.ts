import { isoInZone } from '../../src/lib/shared/zoned-time.ts';
import type { Machine } from '../lib/machine.ts';
import type { RehearsalReport } from './rehearsal.ts';

const table = (head: string[], rows: (string | number)[][]) =>
	[
		`| ${head.join(' | ')} |`,
		`| ${head.map(() => '---').join(' | ')} |`,
		...rows.map((r) => `| ${r.join(' | ')} |`)
	].join('\n');

const refusals = (by: Record<string, number>) =>
	Object.keys(by).length === 0
		? ''
		: `: ${Object.entries(by)
				.map(([status, n]) => `${n} × HTTP ${status}`)
				.join(', ')}`;
const pct = (share: number) => `${Math.round(share * 100)} %`;
const ms = (n: number) => `${Math.round(n)} ms`;

/** The rehearsal's report as Markdown: the tables docs/rehearsal.md and the closing note show. */
export function formatReport(report: RehearsalReport, machine: Machine, seconds: number): string {
	const o = report.options;
	const c = report.counts;
	return [
		`## Dress rehearsal: ${o.attendees} attendees, ${o.media} in LiveKit, ${o.speed}×`,
		'',
		`${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, commit ${machine.commit}, ${machine.date}; ` +
			`${Math.round(seconds)} s of real time; seed ${o.seed}; chat ${o.chatPerMinute} messages per person per real minute; faults ${report.faults.length > 0 ? 'on' : 'off'}.`,
		'',
		`Arrived ${c.arrived} of ${c.attendees} (${c.guests} guests); ${c.signups} sign-ups, ${c.cancels} cancelled; ${c.reloads} reloads planned; ${c.leftEarly} left early; ` +
			`${c.moves} moves received; ${c.tokens} LiveKit tokens asked (${c.tokensRefused} refused${refusals(c.tokensRefusedBy)}); ${c.chatSent} chat messages acknowledged; ` +
			`${c.disconnects} dropped connections; ${c.mediaJoins} LiveKit joins.`,
		'',
		'### Transitions',
		'',
		table(
			[
				'transition',
				'due to move',
				'arrived',
				'p50',
				'p99',
				'max',
				'stranded',
				'repeated moves',
				'app CPU per person moved'
			],
			report.transitions.map((t) => [
				t.label,
				t.due,
				t.arrived,
				ms(t.p50Ms),
				ms(t.p99Ms),
				ms(t.maxMs),
				t.stranded.length,
				t.repeated.length,
				t.due > 0 ? ms((t.appCpuSeconds * 1000) / t.due) : '–'
			])
		),
		'',
		'### Capacity and waitlists',
		'',
		table(
			['session', 'capacity', 'placed', 'most in the room at once'],
			report.capacity.map((r) => [r.session, r.capacity, r.placed, r.mostInRoom])
		),
		'',
		`Waitlisted ${report.waitlist.waitlisted} times, ${report.waitlist.promoted} promoted; first-come-first-served violations: ${report.waitlist.violations.length}.`,
		'',
		'### Chat and boards',
		'',
		`${report.chat.acknowledged} messages acknowledged; ${report.chat.checks} (message, open chat panel) pairs checked; missing: ${report.chat.missing}.`,
		'',
		table(
			['brainstorm', 'final version', 'clients at the end', 'equal to the moderator’s'],
			report.boards.map((b) => [b.session, b.version, b.clients, b.equal])
		),
		'',
		'### LiveKit against the app (media sample)',
		'',
		table(
			['when', 'in a room per the app', 'in that LiveKit room'],
			report.livekit.map((l) => [
				l.duringFault ? `${l.at} (a LiveKit node is down, rejoins under way)` : l.at,
				l.expected,
				l.matched
			])
		),
		'',
		'### Nodes',
		'',
		table(
			['node', 'CPU mean', 'CPU max', 'RSS max', 'event-loop p99 max', 'most connections'],
			report.nodes.map((n) => [
				n.node,
				pct(n.cpuMean),
				pct(n.cpuMax),
				`${n.rssMaxMiB} MiB`,
				n.lagP99MaxMs === undefined ? '–' : ms(n.lagP99MaxMs),
				n.socketsMax ?? '–'
			])
		),
		'',
		'### Nodes over the evening',
		'',
		'Each cell: mean CPU in that half hour of programme, and for the app nodes the most connections and the worst event-loop p99.',
		'',
		table(
			['from', ...(report.timeline[0]?.nodes.map((n) => n.node) ?? [])],
			report.timeline.map((row) => [
				isoInZone(row.from, report.timeZone).slice(11, 16),
				...row.nodes.map((n) =>
					[
						pct(n.cpu),
						n.sockets === undefined ? '' : `${n.sockets} conn`,
						n.lagMs === undefined ? '' : ms(n.lagMs)
					]
						.filter(Boolean)
						.join(' · ')
				)
			])
		),
		'',
		'### Faults',
		'',
		report.faults.length === 0
			? 'None.'
			: table(
					['fault', 'node down', 'connections lost', 'back', 'p50 back', 'all back'],
					report.faults.map((f) => {
						const r = f.sockets ?? {
							affected: f.media!.affected,
							back: f.media!.back,
							p50Ms: f.media!.p50Ms,
							maxMs: f.media!.maxMs
						};
						return [f.what, ms(f.downMs), r.affected, r.back, ms(r.p50Ms), ms(r.maxMs)];
					})
				),
		'',
		'Connections lost: Socket.IO connections for an app node, LiveKit connections of the media sample for a LiveKit node. CPU is the share of one core, sampled every 2 s; "app CPU per person moved" is what both app nodes spent from the transition until the last arrival, divided by the people moved.',
		'',
		report.errors.length === 0
			? 'No attendee hit an error.'
			: `Errors (${report.errors.length}), first ones:\n\n${report.errors
					.slice(0, 10)
					.map((e) => `- attendee ${e.attendee}: ${e.what}`)
					.join('\n')}`,
		''
	].join('\n');
}
