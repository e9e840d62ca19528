import { randomUUID } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import { hostname } from 'node:os';
import { Server } from 'socket.io';
import { log } from '../../src/lib/server/log.ts';
import type { Services } from '../../src/lib/server/services.ts';
import type { ChatLine } from '../../src/lib/shared/realtime/chat.ts';
import {
	SOCKET_PATH,
	sessionOfRoom,
	sessionRoom,
	userRoom,
	type ClientToServerEvents,
	type ServerToClientEvents
} from '../../src/lib/shared/realtime/protocol.ts';
import { Conductor } from '../conductor.ts';
import { afterProgrammeChange } from '../programme-changes.ts';
import { LivekitFailover } from '../livekit-failover.ts';
import { RecorderSupervisor } from '../recorder-supervisor.ts';
import { authenticate, authSessionRoom, originAllowed, type SocketData } from './authenticate.ts';
import { boardHandlers } from './boards.ts';
import { chatHandlers, chatRoom } from './chat.ts';
import { LineCoalescer, tickFor } from './chat-lines.ts';
import { clockHandlers } from './clock.ts';
import { ConnectionBalance } from './connection-balance.ts';
import { socketAdapter } from './adapter.ts';
import { createDispatcher, type InterServerEvents } from './dispatch.ts';
import { PeerNodes } from './peer-nodes.ts';
import { pollHandlers } from './polls.ts';
import { leftRoomPage, roomHandlers } from './rooms.ts';
import { stageHandlers } from './stage.ts';

export type RealtimeServer = Server<
	ClientToServerEvents,
	ServerToClientEvents,
	InterServerEvents,
	SocketData
>;

const inSessionRoom = (rooms: Set<string>) => ([...rooms].some((r) => sessionOfRoom(r)) ? 1 : 0);

/** How long a shutting-down node waits for the events under way. */
const DRAIN_MS = 5000;

export interface Realtime {
	io: RealtimeServer;
	conductor: Conductor;
	close(): Promise<void>;
}

/**
 * Socket.IO on the app's own HTTP server, shared across nodes through Redis, plus the conductor
 * that moves the programme along. Used by the production entry (server/main.ts) and by
 * `npm run dev` (server/vite-plugin.ts) alike.
 */
export function attachRealtime(httpServer: HttpServer, services: Services): Realtime {
	const { adapter, connections } = socketAdapter(
		services.config.PLENAIR_SOCKET_ADAPTER,
		services.redis
	);
	for (const client of connections) {
		client.on('error', (error) => {
			services.metrics.redisErrors.inc({ connection: 'adapter' });
			log('realtime').error({ err: error.message }, 'redis adapter');
		});
		client.on('reconnecting', () =>
			services.metrics.redisReconnects.inc({ connection: 'adapter' })
		);
	}

	const io: RealtimeServer = new Server(httpServer, {
		path: SOCKET_PATH,
		// WebSocket only: no long-polling, so no sticky sessions behind a load balancer.
		transports: ['websocket'],
		serveClient: false,
		maxHttpBufferSize: 64 * 1024,
		adapter,
		allowRequest: (request, callback) => callback(null, originAllowed(request, services.origin))
	});
	const conductor = new Conductor(services);
	const peers = new PeerNodes(() => io.of('/').adapter.serverCount());
	io.on('node:up', () => peers.joined());
	// Before this node takes connections: the others then know that its sockets need Redis.
	io.serverSideEmit('node:up');
	peers.start();
	const sendLines = (room: string, lines: ChatLine[]) => {
		const path = peers.alone ? 'local' : 'adapter';
		services.metrics.chatFrames.inc({ path });
		services.metrics.chatLines.inc(lines.length);
		(path === 'local' ? io.local : io).to(chatRoom(room)).emit('chat:lines', [room, ...lines]);
	};
	// The audience on this node sets the tick: each node coalesces what its own senders send.
	const audience = (room: string) => io.of('/').adapter.rooms.get(chatRoom(room))?.size ?? 0;
	const writes = services.config.PLENAIR_CHAT_WRITES_PER_SECOND;
	const chatLines = new LineCoalescer(sendLines, (room) => tickFor(audience(room), writes));
	const dispatcher = createDispatcher(
		{
			...clockHandlers(services),
			...roomHandlers(services),
			...boardHandlers(services),
			...chatHandlers(services, chatLines),
			...pollHandlers(services),
			...stageHandlers(services)
		},
		services.metrics
	);
	services.metrics.observe({
		sockets: () => io.engine.clientsCount,
		participants: () => services.presence.counts(services.event.sessions.map((s) => s.id)),
		async recordings() {
			const counts: Record<string, number> = {};
			for (const r of await services.recordings.all())
				counts[r.status] = (counts[r.status] ?? 0) + 1;
			return counts;
		}
	});

	io.use(authenticate(services));
	services.realtime = {
		endSessions(sessionIds) {
			for (const id of sessionIds) io.in(authSessionRoom(id)).disconnectSockets(true);
		},
		toUser(userId, event, payload) {
			(io.to(userRoom(userId)).emit as (e: string, p: unknown) => void)(event, payload);
		},
		toRoom(sessionId, event, payload) {
			(io.to(sessionRoom(sessionId)).emit as (e: string, p: unknown) => void)(event, payload);
		},
		toAll(event, payload) {
			(io.emit as (e: string, p: unknown) => void)(event, payload);
		},
		toAllExcept(sessionIds, event, payload) {
			const target = sessionIds.length ? io.except(sessionIds.map(sessionRoom)) : io;
			(target.emit as (e: string, p: unknown) => void)(event, payload);
		},
		async actorsIn(sessionId) {
			const sockets = await io.in(sessionRoom(sessionId)).fetchSockets();
			return sockets.map((s) => s.data.actor);
		},
		async stillIn(userId, sessionId, socketId) {
			const sockets = await io.in(userRoom(userId)).fetchSockets();
			return sockets.some((s) => s.id !== socketId && s.rooms.has(sessionRoom(sessionId)));
		},
		async clockMoved() {
			await conductor.reset();
			io.emit('clock:changed', { now: services.clock.now() });
		},
		programmeChanged: (previous, next) => afterProgrammeChange(services, conductor, previous, next)
	};
	// Every node hears of each new version (through Redis) and tells its own sockets.
	const stopFollowing = services.programme.onChange(({ version }) =>
		io.local.emit('programme:changed', { version })
	);

	io.on('connection', (socket) => {
		// The handshake request is no longer needed once authenticated; dropping it saves memory
		// per idle connection (socket.handshake keeps the headers that handlers read).
		(socket.conn as unknown as { request?: unknown }).request = undefined;
		const { actor } = socket.data;
		if (actor) void socket.join(userRoom(actor.id));
		dispatcher.attach(socket);
		// A closed tab or a dropped connection leaves the room's page like 'room:leave' does.
		socket.on('disconnecting', () => {
			if (!actor) return;
			for (const room of socket.rooms) {
				const session = sessionOfRoom(room);
				if (session)
					void leftRoomPage(services, session, actor.id, socket.id).catch((error: Error) =>
						log('realtime').error({ err: error.message }, 'leaving a room page')
					);
			}
		});
	});
	conductor.start();
	const node = `${hostname()}-${process.pid}-${randomUUID().slice(0, 6)}`;
	const balance = new ConnectionBalance({
		redis: services.redis,
		node,
		count: () => io.engine.clientsCount,
		handOff(n) {
			// People on the programme page first: they have no chat or board to resync.
			const sockets = [...io.of('/').sockets.values()].sort(
				(a, b) => inSessionRoom(a.rooms) - inSessionRoom(b.rooms)
			);
			for (const socket of sockets.slice(0, n)) socket.emit('node:handoff', {});
			services.metrics.handOffs.inc(Math.min(n, sockets.length));
		}
	});
	balance.start();
	// Each node tells its own sockets: the watch needs no leader and no broadcast through Redis.
	const failover = new LivekitFailover(services, (session) =>
		io.local.to(sessionRoom(session)).emit('room:media-rejoin', { session })
	);
	failover.start();
	// The built-in recorder runs wherever it is built; every node takes its share of the jobs.
	const recorder = services.recorderBinary
		? new RecorderSupervisor(services, services.recorderBinary, node)
		: undefined;
	recorder?.start();

	return {
		io,
		conductor,
		async close() {
			conductor.stop();
			failover.stop();
			await balance.stop();
			// Events under way finish (their writes and acks) before the sockets go.
			await dispatcher.drain(DRAIN_MS);
			chatLines.flushAll();
			peers.stop();
			stopFollowing();
			await recorder?.stop();
			services.realtime = undefined;
			await new Promise<void>((resolve) => io.close(() => resolve()));
			for (const client of connections) client.disconnect();
		}
	};
}
