import { ChatStore } from '../../src/lib/server/chat/chat-store.ts';
import type { Services } from '../../src/lib/server/services.ts';
import { findSession } from '../../src/lib/shared/programme.ts';
import { authorizeSocket, presenceAction } from './authorize.ts';
import { ClientError, type Handler, type HandlerTable, type RealtimeSocket } from './dispatch.ts';

/** Messages per person per window, and the harder limit past which the socket is cut off. */
export const CHAT_LIMITS = { perWindow: 30, floodPerWindow: 60, windowSeconds: 10 };
const HISTORY = 50;
export const chatRoom = (room: string) => `chat:${room}`;

export function chatHandlers(
	services: Services,
	store = new ChatStore(services.redis)
): HandlerTable {
	const canRead = (socket: RealtimeSocket, room: string) =>
		authorizeSocket(socket, services, presenceAction(findSession(services.event, room)), room);
	const canModerate = (socket: RealtimeSocket, room: string) => {
		try {
			authorizeSocket(socket, services, 'chat.moderate', room);
			return true;
		} catch {
			return false;
		}
	};
	const moderate = (socket: RealtimeSocket, room: string) =>
		authorizeSocket(socket, services, 'chat.moderate', room);

	const restrict =
		(kind: 'mute' | 'ban'): Handler<'chat:mute' | 'chat:ban'> =>
		async ({ room, userId, scope, minutes }, socket) => {
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
		};

	return {
		'chat:join': async ({ room }, socket) => {
			canRead(socket, room);
			// Join first, then read: a message sent in between arrives twice and the client dedupes by
			// id, where reading first could miss it.
			await socket.join(chatRoom(room));
			if (canModerate(socket, room)) await socket.join(moderatorsRoom(room));
			const [{ messages, hasMore }, pinned, slowModeSeconds] = await Promise.all([
				store.latest(room, HISTORY),
				store.pinned(room),
				store.slowMode(room)
			]);
			return { messages, hasMore, pinned, slowModeSeconds };
		},

		'chat:leave': async ({ room }, socket) => {
			await socket.leave(chatRoom(room));
			return {};
		},

		'chat:history': async ({ room, before, limit }, socket) => {
			canRead(socket, room);
			return store.latest(room, limit, before);
		},

		'chat:since': async ({ room, after }, socket) => {
			canRead(socket, room);
			return store.since(room, after);
		},

		'chat:send': async ({ room, id, kind, text }, socket) => {
			const { actor } = authorizeSocket(socket, services, 'chat.send', room);
			if (!actor) throw new ClientError('sign in first');
			const outcome = await store.send(
				{ id, room, kind, userId: actor.id, name: actor.name, text, at: services.clock.now() },
				{ socketId: socket.id, ...CHAT_LIMITS }
			);
			switch (outcome.status) {
				case 'flood':
					socket.disconnect(true);
					throw new ClientError('too many messages');
				case 'banned':
					throw new ClientError('you are banned from this chat');
				case 'muted':
					throw new ClientError('you are muted in this chat');
				case 'rate':
					throw new ClientError(`slow down: try again in ${outcome.retryAfterSeconds} s`);
				case 'slow':
					throw new ClientError('slow mode is on: wait a moment');
			}
			const { message, created } = outcome;
			if (created) socket.nsp.to(chatRoom(room)).emit('chat:message', message);
			return { message };
		},

		'chat:delete': async ({ room, messageId }, socket) => {
			const { actor } = moderate(socket, room);
			const deleted = await store.delete(room, messageId, actor?.id ?? '', services.clock.now());
			if (deleted) socket.nsp.to(chatRoom(room)).emit('chat:updated', deleted);
			return {};
		},

		'chat:pin': async ({ room, messageId }, socket) => {
			moderate(socket, room);
			await store.pin(room, messageId);
			socket.nsp.to(chatRoom(room)).emit('chat:pinned', { room, messageId });
			return {};
		},

		'chat:slow-mode': async ({ room, seconds }, socket) => {
			moderate(socket, room);
			await store.setSlowMode(room, seconds);
			socket.nsp.to(chatRoom(room)).emit('chat:settings', { room, slowModeSeconds: seconds });
			return {};
		},

		'chat:mute': restrict('mute'),
		'chat:ban': restrict('ban'),

		'chat:report': async ({ room, messageId, reason }, socket) => {
			const { actor } = authorizeSocket(socket, services, 'chat.send', room);
			await store.report(room, messageId, actor?.id ?? '', reason);
			socket.nsp
				.to(moderatorsRoom(room))
				.emit('chat:reported', { room, messageId, reason, by: actor?.name ?? '' });
			return {};
		},

		'qa:list': async ({ room }, socket) => {
			canRead(socket, room);
			return { questions: await store.questions(room, socket.data.actor?.id) };
		},

		'qa:upvote': async ({ room, messageId }, socket) => {
			const { actor } = authorizeSocket(socket, services, 'chat.send', room);
			const votes = await store.upvote(room, messageId, actor?.id ?? '');
			const message = await store.byId(room, messageId);
			if (message) socket.nsp.to(chatRoom(room)).emit('chat:updated', message);
			return { votes };
		},

		'qa:mark': async ({ room, messageId, state }, socket) => {
			moderate(socket, room);
			await store.mark(room, messageId, state);
			const message = await store.byId(room, messageId);
			if (message) socket.nsp.to(chatRoom(room)).emit('chat:updated', message);
			return {};
		},

		'announcement:post': async ({ text, room, minutes }, socket) => {
			const { actor } = authorizeSocket(socket, services, 'announcement.post');
			const announcement = {
				id: crypto.randomUUID(),
				text,
				room,
				from: actor?.name ?? '',
				expiresAt: services.clock.now() + minutes * 60_000
			};
			await store.postAnnouncement(announcement);
			if (room) socket.nsp.to(chatRoom(room)).emit('announcement', announcement);
			else socket.nsp.emit('announcement', announcement);
			return { announcement };
		},

		'announcement:list': async () => ({
			announcements: await store.announcements(services.clock.now())
		})
	};
}

/** Moderators of a room hear about reports; they join this room when they open its chat. */
export const moderatorsRoom = (room: string) => `chat-moderators:${room}`;
