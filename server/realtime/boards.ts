import type { Namespace, Socket } from 'socket.io';
import { policyContext } from '../../src/lib/server/auth/guard.ts';
import { BoardEngine, BoardRefusal } from '../../src/lib/server/boards/engine.ts';
import { BoardStore } from '../../src/lib/server/boards/store.ts';
import type { Services } from '../../src/lib/server/services.ts';
import { redact, viewFor } from '../../src/lib/shared/board/logic.ts';
import type { BoardOpType, CommittedOp } from '../../src/lib/shared/board/schema.ts';
import { can } from '../../src/lib/shared/policy.ts';
import { boardRoom } from '../../src/lib/shared/realtime/board.ts';
import {
	userRoom,
	type ClientToServerEvents,
	type ServerToClientEvents
} from '../../src/lib/shared/realtime/protocol.ts';
import type { SocketData } from './authenticate.ts';
import { authorizeSocket } from './authorize.ts';
import { ClientError, registerHandler } from './register-handler.ts';

type BoardNamespace = Namespace<ClientToServerEvents, ServerToClientEvents>;

/** Operations that need 'session.moderate'; everything else needs 'session.join'. */
const MODERATOR_OPS = new Set<BoardOpType>(['settings', 'phase', 'timer']);
/** Per socket: a burst of this many operations, then this many per second. */
const OP_BURST = 40;
const OPS_PER_SECOND = 20;
const TYPING_EVERY_MS = 2000;
const PRESENCE_DELAY_MS = 250;

/** This node's board state: one engine (cached boards, a queue per board) and presence timers. */
interface NodeBoards {
	engine: BoardEngine;
	presence: Map<string, ReturnType<typeof setTimeout>>;
}
const nodes = new WeakMap<Services, NodeBoards>();

function nodeBoards(services: Services): NodeBoards {
	let node = nodes.get(services);
	if (!node) {
		const store = new BoardStore(services.redis, services.event);
		node = { engine: new BoardEngine(store, () => services.clock.now()), presence: new Map() };
		nodes.set(services, node);
	}
	return node;
}

/** Brainstorm board events: docs/boards.md and the board section of docs/realtime.md. */
export function registerBoardHandlers(socket: Socket, services: Services): void {
	const { engine, presence } = nodeBoards(services);
	const nsp = socket.nsp as BoardNamespace;
	const joined = new Set<string>();
	const typedAt = new Map<string, number>();
	let tokens = OP_BURST;
	let refilledAt = Date.now();

	/** The policy for this board: 'session.join', or 'session.moderate' when asked. */
	const access = (sessionId: string, moderate = false) => {
		const { actor, session } = authorizeSocket(
			socket,
			services,
			moderate ? 'session.moderate' : 'session.join',
			sessionId
		);
		if (session?.kind !== 'brainstorm')
			throw new ClientError(`"${sessionId}" is not a brainstorm session`);
		if (!actor) throw new ClientError('sign in first');
		const moderator = can(actor, 'session.moderate', policyContext(services.event, session));
		return { actor, moderator };
	};

	const schedulePresence = (session: string) => {
		if (presence.has(session)) return;
		const timer = setTimeout(() => {
			presence.delete(session);
			void sendPresence(nsp, session);
		}, PRESENCE_DELAY_MS);
		timer.unref();
		presence.set(session, timer);
	};

	const takeToken = () => {
		const now = Date.now();
		tokens = Math.min(OP_BURST, tokens + ((now - refilledAt) / 1000) * OPS_PER_SECOND);
		refilledAt = now;
		if (tokens < 1) throw new ClientError('too many operations at once, please slow down');
		tokens -= 1;
	};

	registerHandler(socket, 'board:join', async ({ session }) => {
		const { actor, moderator } = access(session);
		// Join the room first: an operation committed meanwhile is then either in the board
		// below or arrives as an event (the client drops versions it already has).
		await socket.join(boardRoom(session));
		joined.add(session);
		schedulePresence(session);
		const [board, names] = await Promise.all([
			engine.current(session),
			engine.store.pseudonyms(session, actor.id)
		]);
		return {
			board: viewFor(board, names.author),
			self: { author: names.author, voter: names.voter, name: actor.name, moderator }
		};
	});

	registerHandler(socket, 'board:leave', async ({ session }) => {
		await socket.leave(boardRoom(session));
		if (joined.delete(session)) schedulePresence(session);
		return {};
	});

	registerHandler(socket, 'board:op', async ({ session, op }) => {
		const { actor, moderator } = access(session, MODERATOR_OPS.has(op.type));
		takeToken();
		let result;
		try {
			result = await engine.submit(session, op, { userId: actor.id, name: actor.name, moderator });
		} catch (error) {
			if (error instanceof BoardRefusal) throw new ClientError(error.message);
			throw error;
		}
		if (!result.duplicate) broadcast(nsp, session, actor.id, result.committed);
		return { version: result.version, duplicate: result.duplicate };
	});

	registerHandler(socket, 'board:typing', async ({ session }) => {
		const { actor } = access(session);
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
	});

	socket.on('disconnect', () => {
		for (const session of joined) schedulePresence(session);
	});
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
			const { actor } = s.data as SocketData;
			if (actor) people.set(actor.id, actor.name);
		}
		const names = [...people.values()].sort((a, b) => a.localeCompare(b));
		nsp.to(boardRoom(session)).emit('board:presence', { session, people: names });
	} catch (error) {
		console.error('[realtime] board presence failed', error);
	}
}
