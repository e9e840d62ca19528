import { policyContext } from '../../src/lib/server/auth/policy-context.ts';
import type { Services } from '../../src/lib/server/services.ts';
import { answerProblem, tallyFor } from '../../src/lib/shared/polls/logic.ts';
import type { Poll, PollView } from '../../src/lib/shared/polls/schema.ts';
import { can, presenceAction } from '../../src/lib/shared/policy.ts';
import { findSession } from '../../src/lib/shared/programme.ts';
import { pollModeratorRoom, pollRoom } from '../../src/lib/shared/realtime/polls.ts';
import { sessionRoom } from '../../src/lib/shared/realtime/protocol.ts';
import { authorizeSocket, limitPerPerson } from './authorize.ts';
import { ClientError, type HandlerTable, type RealtimeSocket } from './dispatch.ts';
import { log } from '../../src/lib/server/log.ts';

type Namespace = RealtimeSocket['nsp'];

/** Per person, over all their sockets and nodes: answers (and changes) per window. */
export const POLL_PERSON_LIMITS = { perWindow: 30, windowSeconds: 10 };
/** At most one tally per poll from each node per this many milliseconds. */
export const TALLY_EVERY_MS = 250;

/** Poll events: docs/polls.md and the poll section of docs/realtime.md. */
export function pollHandlers(services: Services): HandlerTable {
	const store = services.polls;
	/** Per poll, this node's pending tally broadcast. */
	const pending = new Map<string, ReturnType<typeof setTimeout>>();

	/** Taking part: watching a plenary, or being allowed in a breakout's room. */
	const access = (socket: RealtimeSocket, sessionId: string) => {
		const { actor, session } = authorizeSocket(
			socket,
			services,
			presenceAction(findSession(services.event, sessionId)),
			sessionId
		);
		const moderator = can(actor, 'session.moderate', policyContext(services.event, session));
		return { actor, moderator };
	};
	const moderate = (socket: RealtimeSocket, sessionId: string) =>
		authorizeSocket(socket, services, 'session.moderate', sessionId);

	const pollOf = async (session: string, id: string): Promise<Poll> => {
		const poll = await store.get(session, id);
		if (!poll) throw new ClientError('not_found', 'no such poll in this session');
		return poll;
	};

	/** Tells who may know of the poll: drafts only to moderators. */
	const announce = (nsp: Namespace, poll: Poll) =>
		nsp
			.to(poll.status === 'draft' ? pollModeratorRoom(poll.session) : pollRoom(poll.session))
			.emit('poll:changed', { session: poll.session, poll });

	const sendTally = async (nsp: Namespace, session: string, id: string) => {
		const poll = await store.get(session, id);
		if (!poll) return;
		const tally = await store.tally(poll);
		nsp.to(pollModeratorRoom(session)).emit('poll:tally', { session, tally });
		nsp
			.to(pollRoom(session))
			.except(pollModeratorRoom(session))
			.emit('poll:tally', { session, tally: tallyFor(poll, tally, false) });
	};

	// Many answers within a tick become one tally: the count read after the last of them, so the
	// last tally anyone receives is the final count.
	const scheduleTally = (nsp: Namespace, session: string, id: string) => {
		if (pending.has(id)) return;
		const timer = setTimeout(() => {
			pending.delete(id);
			sendTally(nsp, session, id).catch((error: Error) =>
				log('realtime').error({ err: error.message }, 'poll tally failed')
			);
		}, TALLY_EVERY_MS);
		timer.unref();
		pending.set(id, timer);
	};

	return {
		'poll:join': async ({ session }, socket) => {
			const { actor, moderator } = access(socket, session);
			// Join first: a change made meanwhile is then in the list below or arrives as an event.
			await socket.join(
				moderator ? [pollRoom(session), pollModeratorRoom(session)] : pollRoom(session)
			);
			const polls = (await store.list(session)).filter((p) => moderator || p.status !== 'draft');
			const views = await Promise.all(
				polls.map(async (poll): Promise<PollView> => {
					const [tally, mine] = await Promise.all([
						store.tally(poll),
						actor ? store.voter(poll, actor.id).then((v) => store.mine(poll, v)) : undefined
					]);
					return {
						poll,
						tally: tallyFor(poll, tally, moderator),
						...(mine
							? { mine: { choices: mine.choices, ...(mine.other ? { other: mine.other } : {}) } }
							: {})
					};
				})
			);
			return { polls: views };
		},

		'poll:leave': async ({ session }, socket) => {
			await socket.leave(pollRoom(session));
			await socket.leave(pollModeratorRoom(session));
			return {};
		},

		'poll:create': async ({ session, draft, open }, socket) => {
			moderate(socket, session);
			let poll = await store.create(session, draft, services.clock.now());
			if (open && (await store.move(session, poll.id, 'draft', services.clock.now())))
				poll = await pollOf(session, poll.id);
			announce(socket.nsp, poll);
			return { poll };
		},

		'poll:edit': async ({ session, poll: id, draft }, socket) => {
			moderate(socket, session);
			const poll = await pollOf(session, id);
			if (!(await store.edit(poll, draft)))
				throw new ClientError('poll_rule', 'only a draft can be changed', 'not_draft');
			const changed = await pollOf(session, id);
			announce(socket.nsp, changed);
			return { poll: changed };
		},

		'poll:delete': async ({ session, poll: id }, socket) => {
			moderate(socket, session);
			const poll = await pollOf(session, id);
			if (!(await store.remove(session, id)))
				throw new ClientError('poll_rule', 'close the poll before deleting it', 'open');
			socket.nsp
				.to(poll.status === 'draft' ? pollModeratorRoom(session) : pollRoom(session))
				.emit('poll:removed', { session, poll: id });
			// A poll on stage leaves the stage with it.
			const view = await services.stage.view(session);
			if (view?.kind === 'poll' && view.poll === id) {
				await services.stage.show(session, null, services.clock.now());
				socket.nsp.to(sessionRoom(session)).emit('stage:changed', { session, content: null });
			}
			return {};
		},

		'poll:open': async ({ session, poll: id }, socket) => {
			moderate(socket, session);
			if (!(await store.move(session, id, 'draft', services.clock.now())))
				throw new ClientError('poll_rule', 'only a draft can be opened', 'not_draft');
			const poll = await pollOf(session, id);
			announce(socket.nsp, poll);
			await sendTally(socket.nsp, session, id);
			return { poll };
		},

		'poll:close': async ({ session, poll: id }, socket) => {
			moderate(socket, session);
			if (!(await store.move(session, id, 'open', services.clock.now())))
				throw new ClientError('poll_closed', 'the poll is not open');
			const poll = await pollOf(session, id);
			announce(socket.nsp, poll);
			// Closed results are everyone's: the final tally at once, not after a tick.
			await sendTally(socket.nsp, session, id);
			return { poll };
		},

		'poll:answer': async ({ session, poll: id, answer }, socket) => {
			const { actor } = access(socket, session);
			if (!actor) throw new ClientError('sign_in', 'sign in to answer');
			await limitPerPerson(services, 'poll-answer', actor.id, POLL_PERSON_LIMITS);
			const poll = await pollOf(session, id);
			const problem = answerProblem(poll, answer);
			if (problem)
				throw new ClientError('poll_rule', `the answer does not fit the poll: ${problem}`, problem);
			const voter = await store.voter(poll, actor.id);
			const result = await store.answer(
				poll,
				voter,
				answer,
				services.clock.now(),
				poll.anonymous ? undefined : actor.name
			);
			if (result.status === 'closed') throw new ClientError('poll_closed', 'the poll is not open');
			scheduleTally(socket.nsp, session, id);
			return { version: result.version };
		}
	};
}
