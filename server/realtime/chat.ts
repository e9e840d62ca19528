import type { Socket } from 'socket.io';
import { ChatStore } from '../../src/lib/server/chat/chat-store.ts';
import { hit } from '../../src/lib/server/rate-limit.ts';
import type { Services } from '../../src/lib/server/services.ts';
import type { Session } from '../../src/lib/shared/event-schema.ts';
import type { Action } from '../../src/lib/shared/policy.ts';
import type { SocketData } from './authenticate.ts';
import { authorizeSocket } from './authorize.ts';
import { ClientError, registerHandler } from './register-handler.ts';

/** Messages per person per window, and the harder limit past which the socket is cut off. */
export const CHAT_LIMITS = { perWindow: 30, floodPerWindow: 60, windowSeconds: 10 };
const HISTORY = 50;
export const chatRoom = (room: string) => `chat:${room}`;

/** Who may read a session's chat: whoever may watch it (livecasts) or join it (breakouts). */
function readAction(session: Session | undefined): Action {
	return session?.kind === 'breakout' || session?.kind === 'brainstorm'
		? 'session.join'
		: 'session.watch';
}

export function registerChatHandlers(
	socket: Socket,
	services: Services,
	store = new ChatStore(services.redis)
): void {
	const data = socket.data as SocketData;
	const io = () => socket.nsp;
	const session = (room: string) => services.event.sessions.find((s) => s.id === room);
	const canRead = (room: string) =>
		authorizeSocket(socket, services, readAction(session(room)), room);
	const canModerate = (room: string) => {
		try {
			authorizeSocket(socket, services, 'chat.moderate', room);
			return true;
		} catch {
			return false;
		}
	};

	registerHandler(socket, 'chat:join', async ({ room }) => {
		canRead(room);
		// Join first, then read: a message sent in between arrives twice and the client dedupes by id,
		// where reading first could miss it.
		await socket.join(chatRoom(room));
		if (canModerate(room)) await socket.join(moderatorsRoom(room));
		const [{ messages, hasMore }, pinned, slowModeSeconds] = await Promise.all([
			store.latest(room, HISTORY),
			store.pinned(room),
			store.slowMode(room)
		]);
		return { messages, hasMore, pinned, slowModeSeconds };
	});

	registerHandler(socket, 'chat:leave', async ({ room }) => {
		await socket.leave(chatRoom(room));
		return {};
	});

	registerHandler(socket, 'chat:history', async ({ room, before, limit }) => {
		canRead(room);
		return store.latest(room, limit, before);
	});

	registerHandler(socket, 'chat:since', async ({ room, after }) => {
		canRead(room);
		return store.since(room, after);
	});

	registerHandler(socket, 'chat:send', async ({ room, id, kind, text }) => {
		const { actor } = authorizeSocket(socket, services, 'chat.send', room);
		if (!actor) throw new ClientError('sign in first');
		const flood = await hit(
			services.redis,
			`chat-flood:${socket.id}`,
			CHAT_LIMITS.floodPerWindow,
			CHAT_LIMITS.windowSeconds
		);
		if (!flood.allowed) {
			socket.disconnect(true);
			throw new ClientError('too many messages');
		}
		const restriction = await store.restriction(room, actor.id);
		if (restriction)
			throw new ClientError(
				restriction === 'banned' ? 'you are banned from this chat' : 'you are muted in this chat'
			);
		const limit = await hit(
			services.redis,
			`chat:${actor.id}`,
			CHAT_LIMITS.perWindow,
			CHAT_LIMITS.windowSeconds
		);
		if (!limit.allowed)
			throw new ClientError(`slow down: try again in ${limit.retryAfterSeconds} s`);
		if (!(await store.passSlowMode(room, actor.id)))
			throw new ClientError('slow mode is on: wait a moment');

		const { message, created } = await store.send({
			id,
			room,
			kind,
			userId: actor.id,
			name: actor.name,
			text,
			at: services.clock.now()
		});
		if (created) io().to(chatRoom(room)).emit('chat:message', message);
		return { message };
	});

	const moderate = (room: string) => authorizeSocket(socket, services, 'chat.moderate', room);

	registerHandler(socket, 'chat:delete', async ({ room, messageId }) => {
		const { actor } = moderate(room);
		const deleted = await store.delete(room, messageId, actor?.id ?? '', services.clock.now());
		if (deleted) io().to(chatRoom(room)).emit('chat:updated', deleted);
		return {};
	});

	registerHandler(socket, 'chat:pin', async ({ room, messageId }) => {
		moderate(room);
		await store.pin(room, messageId);
		io().to(chatRoom(room)).emit('chat:pinned', { room, messageId });
		return {};
	});

	registerHandler(socket, 'chat:slow-mode', async ({ room, seconds }) => {
		moderate(room);
		await store.setSlowMode(room, seconds);
		io().to(chatRoom(room)).emit('chat:settings', { room, slowModeSeconds: seconds });
		return {};
	});

	for (const kind of ['mute', 'ban'] as const)
		registerHandler(socket, `chat:${kind}`, async ({ room, userId, scope, minutes }) => {
			authorizeSocket(
				socket,
				services,
				scope === 'event' ? 'announcement.post' : 'chat.moderate',
				room
			);
			await store.restrict(
				kind,
				scope === 'event' ? 'event' : room,
				userId,
				kind === 'mute' ? (minutes ?? 10) : minutes
			);
			return {};
		});

	registerHandler(socket, 'chat:report', async ({ room, messageId, reason }) => {
		const { actor } = authorizeSocket(socket, services, 'chat.send', room);
		await store.report(room, messageId, actor?.id ?? '', reason);
		io()
			.to(moderatorsRoom(room))
			.emit('chat:reported', { room, messageId, reason, by: actor?.name ?? '' });
		return {};
	});

	registerHandler(socket, 'qa:list', async ({ room }) => {
		canRead(room);
		return { questions: await store.questions(room, data.actor?.id) };
	});

	registerHandler(socket, 'qa:upvote', async ({ room, messageId }) => {
		const { actor } = authorizeSocket(socket, services, 'chat.send', room);
		const votes = await store.upvote(room, messageId, actor?.id ?? '');
		const message = await store.byId(room, messageId);
		if (message) io().to(chatRoom(room)).emit('chat:updated', message);
		return { votes };
	});

	registerHandler(socket, 'qa:mark', async ({ room, messageId, state }) => {
		moderate(room);
		await store.mark(room, messageId, state);
		const message = await store.byId(room, messageId);
		if (message) io().to(chatRoom(room)).emit('chat:updated', message);
		return {};
	});

	registerHandler(socket, 'announcement:post', async ({ text, room, minutes }) => {
		const { actor } = authorizeSocket(socket, services, 'announcement.post');
		const announcement = {
			id: crypto.randomUUID(),
			text,
			room,
			from: actor?.name ?? '',
			expiresAt: services.clock.now() + minutes * 60_000
		};
		await store.postAnnouncement(announcement);
		if (room) io().to(chatRoom(room)).emit('announcement', announcement);
		else io().emit('announcement', announcement);
		return { announcement };
	});

	registerHandler(socket, 'announcement:list', async () => ({
		announcements: await store.announcements(services.clock.now())
	}));
}

/** Moderators of a room hear about reports; they join this room when they open its chat. */
export const moderatorsRoom = (room: string) => `chat-moderators:${room}`;
