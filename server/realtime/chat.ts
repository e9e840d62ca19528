import { removeFromRooms } from '../../src/lib/server/room-access.ts';
import type { Services } from '../../src/lib/server/services.ts';
import { chatRoleOf, presenceAction } from '../../src/lib/shared/policy.ts';
import { lineOf } from '../../src/lib/shared/chat/lines.ts';
import { findSession } from '../../src/lib/shared/programme.ts';
import type { ChatChange } from '../../src/lib/shared/realtime/chat.ts';
import { authorizeSocket, limitPerPerson } from './authorize.ts';
import type { LineCoalescer } from './chat-lines.ts';
import { ClientError, type Handler, type HandlerTable, type RealtimeSocket } from './dispatch.ts';

/**
 * Messages per person: a burst, then a steady rate (a token bucket, so no window edge lets twice
 * as many through); and per socket the harder limit past which the socket is cut off.
 */
export const CHAT_LIMITS = { burst: 10, perSecond: 3, floodPerWindow: 60, windowSeconds: 10 };
/**
 * Every other chat write (upvote, report, delete, pin, mark, slow mode, mute, ban, announcement):
 * per person, all of them together.
 */
export const CHAT_WRITE_LIMITS = { perWindow: 30, windowSeconds: 10 };
/** Messages a reader gets on entering: a screenful; older ones page in as they scroll up. */
export const CHAT_ENTRY_PAGE = 20;
export const chatRoom = (room: string) => `chat:${room}`;

export function chatHandlers(services: Services, lines: LineCoalescer): HandlerTable {
	const store = services.chat;
	const changed = (socket: RealtimeSocket, change: ChatChange) =>
		socket.nsp.to(chatRoom(change.room)).emit('chat:changed', change);
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
	/** The per-person limit on writes other than messages; counts refused attempts too. */
	const limitWrite = async (userId: string | undefined) => {
		if (!userId) throw new ClientError('sign_in', 'sign in first');
		await limitPerPerson(services, 'chat-write', userId, CHAT_WRITE_LIMITS);
	};
	const noSuchMessage = (): never => {
		throw new ClientError('not_found', 'no such message in this room');
	};

	const restrict =
		(kind: 'mute' | 'ban'): Handler<'chat:mute' | 'chat:ban'> =>
		async ({ room, messageId, scope, minutes }, socket) => {
			const { actor } = authorizeSocket(
				socket,
				services,
				scope === 'event' ? 'announcement.post' : 'chat.moderate',
				room
			);
			await limitWrite(actor?.id);
			const userId = await store.authorOf(room, messageId);
			// Only people who exist: a deleted account would leave a key behind for nobody.
			if (!userId || !(await services.auth.users.get(userId)))
				throw new ClientError('not_found', 'no such person');
			await store.restrict(
				kind,
				scope === 'event' ? 'event' : room,
				userId,
				kind === 'mute' ? (minutes ?? 10) : minutes
			);
			if (kind === 'ban') {
				// A ban ends their presence in the room (or every room) too; the token endpoint refuses
				// them from now on (src/lib/server/room-access.ts).
				const left = await removeFromRooms(
					services,
					userId,
					scope === 'event' ? undefined : [room]
				).catch(() => []);
				for (const session of new Set(scope === 'event' ? left : [room]))
					services.realtime?.toUser(userId, 'room:removed', { session });
			}
			return {};
		};

	return {
		'chat:join': async ({ room }, socket) => {
			canRead(socket, room);
			// Join first, then read: a message sent in between arrives twice and the client dedupes by
			// id, where reading first could miss it.
			await socket.join(chatRoom(room));
			if (canModerate(socket, room)) await socket.join(moderatorsRoom(room));
			const reader = socket.data.actor?.id;
			const [{ messages, hasMore }, questions, pinned, slowModeSeconds, you] = await Promise.all([
				store.latest(room, CHAT_ENTRY_PAGE),
				store.questions(room, reader),
				store.pinned(room),
				store.slowMode(room),
				reader ? store.authorKey(room, reader) : undefined
			]);
			return { you, messages, hasMore, questions, pinned, slowModeSeconds };
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
			if (!actor) throw new ClientError('sign_in', 'sign in first');
			const outcome = await store.send(
				{
					id,
					room,
					kind,
					userId: actor.id,
					name: actor.name,
					text,
					at: services.clock.now(),
					role: chatRoleOf(actor, room)
				},
				{ socketId: socket.id, ...CHAT_LIMITS }
			);
			switch (outcome.status) {
				case 'flood':
					socket.disconnect(true);
					throw new ClientError('rate_limited', 'too many messages');
				case 'banned':
					throw new ClientError('banned', 'you are banned from this chat');
				case 'muted':
					throw new ClientError('muted', 'you are muted in this chat');
				case 'rate':
					throw new ClientError(
						'rate_limited',
						`slow down: try again in ${outcome.retryAfterSeconds} s`
					);
				case 'slow':
					throw new ClientError('slow_mode', 'slow mode is on: wait a moment');
			}
			const { message, created } = outcome;
			if (created) lines.push(room, lineOf(message));
			// A resend of a stored message: the room heard it once; the sender hears it again, since
			// the first broadcast may be lost (Redis can store a message and die before replying).
			else socket.emit('chat:lines', [room, lineOf(message)]);
			return { id: message.id, streamId: message.streamId };
		},

		'chat:delete': async ({ room, messageId }, socket) => {
			const { actor } = moderate(socket, room);
			await limitWrite(actor?.id);
			const deleted = await store.delete(room, messageId, actor?.id ?? '', services.clock.now());
			if (deleted === 'unknown') noSuchMessage();
			else if (deleted) changed(socket, { room, id: messageId, deleted: true });
			return {};
		},

		'chat:pin': async ({ room, messageId }, socket) => {
			const { actor } = moderate(socket, room);
			await limitWrite(actor?.id);
			if ((await store.pin(room, messageId)) === 'unknown') noSuchMessage();
			socket.nsp.to(chatRoom(room)).emit('chat:pinned', { room, messageId });
			return {};
		},

		'chat:slow-mode': async ({ room, seconds }, socket) => {
			const { actor } = moderate(socket, room);
			await limitWrite(actor?.id);
			await store.setSlowMode(room, seconds);
			socket.nsp.to(chatRoom(room)).emit('chat:settings', { room, slowModeSeconds: seconds });
			return {};
		},

		'chat:mute': restrict('mute'),
		'chat:ban': restrict('ban'),

		'chat:report': async ({ room, messageId, reason }, socket) => {
			const { actor } = authorizeSocket(socket, services, 'chat.send', room);
			await limitWrite(actor?.id);
			const reported = await store.report(room, messageId, actor?.id ?? '', reason);
			if (reported === 'unknown') noSuchMessage();
			// Moderators hear of a message once per reporter.
			if (reported === true)
				socket.nsp
					.to(moderatorsRoom(room))
					.emit('chat:reported', { room, messageId, reason, by: actor?.name ?? '' });
			return {};
		},

		'qa:upvote': async ({ room, messageId }, socket) => {
			const { actor } = authorizeSocket(socket, services, 'chat.send', room);
			await limitWrite(actor?.id);
			if ((await store.authorOf(room, messageId)) === actor?.id)
				throw new ClientError('forbidden', 'you cannot upvote your own question', 'own_question');
			const votes = await store.upvote(room, messageId, actor?.id ?? '');
			if (votes === 'unknown') return noSuchMessage();
			changed(socket, { room, id: messageId, votes });
			return { votes };
		},

		'qa:mark': async ({ room, messageId, state }, socket) => {
			const { actor } = moderate(socket, room);
			await limitWrite(actor?.id);
			if ((await store.mark(room, messageId, state)) === 'unknown') noSuchMessage();
			changed(socket, { room, id: messageId, state });
			return {};
		},

		'announcement:post': async ({ text, room, minutes }, socket) => {
			const { actor } = authorizeSocket(socket, services, 'announcement.post');
			await limitWrite(actor?.id);
			const now = services.clock.now();
			const announcement = {
				id: crypto.randomUUID(),
				text,
				room,
				from: actor?.name ?? '',
				expiresAt: now + minutes * 60_000
			};
			await store.postAnnouncement(announcement, now);
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
