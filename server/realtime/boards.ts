import { policyContext } from '../../src/lib/server/auth/policy-context.ts';
import { BoardRefusal } from '../../src/lib/server/boards/engine.ts';
import type { Services } from '../../src/lib/server/services.ts';
import { redact, viewFor } from '../../src/lib/shared/board/logic.ts';
import type { BoardOpType, CommittedOp } from '../../src/lib/shared/board/schema.ts';
import { can } from '../../src/lib/shared/policy.ts';
import { boardRoom } from '../../src/lib/shared/realtime/board.ts';
import { userRoom } from '../../src/lib/shared/realtime/protocol.ts';
import { authorizeSocket, limitPerPerson } from './authorize.ts';
import { ClientError, type HandlerTable, type RealtimeSocket } from './dispatch.ts';
import { log } from '../../src/lib/server/log.ts';

type BoardNamespace = RealtimeSocket['nsp'];

/** Operations that need 'session.moderate'; everything else needs 'session.join'. */
const MODERATOR_OPS = new Set<BoardOpType>(['settings', 'phase', 'timer']);
/** Per socket: a burst of this many operations, then this many per second. */
const OP_BURST = 40;
const OPS_PER_SECOND = 20;
/** Per person, over all their sockets and nodes: operations per window. */
export const BOARD_PERSON_LIMITS = { perWindow: 300, windowSeconds: 10 };
const TYPING_EVERY_MS = 2000;
const PRESENCE_DELAY_MS = 250;

/** What a socket that opened a board needs remembering; idle sockets never get one. */
interface BoardSocket {
	joined: Set<string>;
	typedAt: Map<string, number>;
	tokens: number;
	refilledAt: number;
}

/** Brainstorm board events: docs/boards.md and the board section of docs/realtime.md. */
export function boardHandlers(services: Services): HandlerTable {
	// This node's boards (cached copies, a queue per board) live on the services.
	const engine = services.boards;
	/** Per board, the pending presence broadcast of this server. */
	const presence = new Map<string, ReturnType<typeof setTimeout>>();
	const sockets = new WeakMap<RealtimeSocket, BoardSocket>();

	const schedulePresence = (nsp: BoardNamespace, session: string) => {
		if (presence.has(session)) return;
		const timer = setTimeout(() => {
			presence.delete(session);
			void sendPresence(nsp, session);
		}, PRESENCE_DELAY_MS);
		timer.unref();
		presence.set(session, timer);
	};

	const stateOf = (socket: RealtimeSocket): BoardSocket => {
		const known = sockets.get(socket);
		if (known) return known;
		const state: BoardSocket = {
			joined: new Set(),
			typedAt: new Map(),
			tokens: OP_BURST,
			refilledAt: Date.now()
		};
		sockets.set(socket, state);
		socket.on('disconnect', () => {
			for (const session of state.joined) schedulePresence(socket.nsp, session);
		});
		return state;
	};

	/** The policy for this board: 'session.join', or 'session.moderate' when asked. */
	const access = (socket: RealtimeSocket, sessionId: string, moderate = false) => {
		const { actor, session } = authorizeSocket(
			socket,
			services,
			moderate ? 'session.moderate' : 'session.join',
			sessionId
		);
		if (session?.kind !== 'brainstorm')
			throw new ClientError('not_brainstorm', `"${sessionId}" is not a brainstorm session`);
		if (!actor) throw new ClientError('sign_in', 'sign in first');
		const moderator = can(actor, 'session.moderate', policyContext(services.event, session));
		return { actor, moderator };
	};

	const takeToken = (state: BoardSocket) => {
		const now = Date.now();
		state.tokens = Math.min(
			OP_BURST,
			state.tokens + ((now - state.refilledAt) / 1000) * OPS_PER_SECOND
		);
		state.refilledAt = now;
		if (state.tokens < 1)
			throw new ClientError('rate_limited', 'too many operations at once, please slow down');
		state.tokens -= 1;
	};

	return {
		'board:join': async ({ session }, socket) => {
			const { actor, moderator } = access(socket, session);
			// Join the room first: an operation committed meanwhile is then either in the board
			// below or arrives as an event (the client drops versions it already has).
			await socket.join(boardRoom(session));
			stateOf(socket).joined.add(session);
			schedulePresence(socket.nsp, session);
			const [board, names] = await Promise.all([
				engine.current(session),
				engine.store.pseudonyms(session, actor.id)
			]);
			return {
				board: viewFor(board, names.author),
				self: { author: names.author, voter: names.voter, name: actor.name, moderator }
			};
		},

		'board:leave': async ({ session }, socket) => {
			await socket.leave(boardRoom(session));
			if (sockets.get(socket)?.joined.delete(session)) schedulePresence(socket.nsp, session);
			return {};
		},

		'board:op': async ({ session, op }, socket) => {
			const { actor, moderator } = access(socket, session, MODERATOR_OPS.has(op.type));
			takeToken(stateOf(socket));
			await limitPerPerson(services, 'board-op', actor.id, BOARD_PERSON_LIMITS);
			let result;
			try {
				result = await engine.submit(session, op, {
					userId: actor.id,
					name: actor.name,
					moderator
				});
			} catch (error) {
				if (error instanceof BoardRefusal)
					throw new ClientError('board_rule', error.message, error.code);
				throw error;
			}
			if (!result.duplicate) broadcast(socket.nsp, session, actor.id, result.committed);
			return { version: result.version, duplicate: result.duplicate };
		},

		'board:typing': async ({ session }, socket) => {
			const { actor } = access(socket, session);
			const { typedAt } = stateOf(socket);
			const now = Date.now();
			if (now - (typedAt.get(session) ?? 0) < TYPING_EVERY_MS) return {};
			typedAt.set(session, now);
			const board = await engine.current(session);
			if (board.phase !== 'collect') return {};
			const { typing } = await engine.store.pseudonyms(session, actor.id);
			socket.to(boardRoom(session)).emit('board:typing', {
				session,
				key: typing,
				...(board.settings.anonymous ? {} : { name: actor.name })
			});
			return {};
		}
	};
}

/** A hidden note's text goes only to its author's sockets; everyone else gets it without. */
function broadcast(
	nsp: BoardNamespace,
	session: string,
	userId: string,
	committed: CommittedOp
): void {
	if (committed.hidden) {
		nsp.to(userRoom(userId)).emit('board:op', { session, op: committed });
		nsp
			.to(boardRoom(session))
			.except(userRoom(userId))
			.emit('board:op', { session, op: redact(committed) });
	} else nsp.to(boardRoom(session)).emit('board:op', { session, op: committed });
}

/** Everyone with the board open, on every node, each name once. */
async function sendPresence(nsp: BoardNamespace, session: string): Promise<void> {
	try {
		const sockets = await nsp.in(boardRoom(session)).fetchSockets();
		const people = new Map<string, string>();
		for (const s of sockets) {
			const { actor } = s.data;
			if (actor) people.set(actor.id, actor.name);
		}
		const names = [...people.values()].sort((a, b) => a.localeCompare(b));
		nsp.to(boardRoom(session)).emit('board:presence', { session, people: names });
	} catch (error) {
		log('realtime').error({ err: error }, 'board presence failed');
	}
}
