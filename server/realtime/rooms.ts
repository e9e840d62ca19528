import { TrackSource } from 'livekit-server-sdk';
import { destinationFor } from '../../src/lib/server/destination.ts';
import { stagePermission } from '../../src/lib/server/livekit-grants.ts';
import { isRecorder, roomNameFor } from '../../src/lib/server/livekit.ts';
import {
	endOf,
	recordRemoval,
	REMOVAL_KEPT_AFTER_END_MS
} from '../../src/lib/server/room-access.ts';
import type { Services } from '../../src/lib/server/services.ts';
import { chatRoleOf, presenceAction } from '../../src/lib/shared/policy.ts';
import { findSession } from '../../src/lib/shared/programme.ts';
import { sessionRoom, type ClientResponse } from '../../src/lib/shared/realtime/protocol.ts';
import { ROOM_PEOPLE_NAMES, type RoomPerson } from '../../src/lib/shared/realtime/rooms.ts';
import { authorizeSocket, limitPerPerson } from './authorize.ts';
import { ClientError, type HandlerTable } from './dispatch.ts';

/** Moderation writes per person (stage, mute, remove, readmit, close, move, extend). */
export const ROOM_WRITE_LIMITS = { perWindow: 60, windowSeconds: 10 };

/** Hand raising per person (raise, lower, and a moderator lowering someone's). */
export const HAND_LIMITS = { perWindow: 20, windowSeconds: 10 };
/** Reactions per person: a few in a row, never a flood over the stage. */
export const REACTION_LIMITS = { perWindow: 5, windowSeconds: 10 };

/** Moderators run rooms through these events; each one is checked against the policy. */
export function roomHandlers(services: Services): HandlerTable {
	const room = (session: string) => roomNameFor(services.event.event.slug, session);
	const livekit = services.livekit.rooms;
	/** The policy for a moderation event, then the per-person limit. */
	const moderate = async (
		socket: Parameters<typeof authorizeSocket>[0],
		session: string | undefined,
		action: 'session.moderate' | 'announcement.post' = 'session.moderate'
	) => {
		const granted = authorizeSocket(socket, services, action, session);
		await limitPerPerson(services, 'room-write', granted.actor?.id ?? '', ROOM_WRITE_LIMITS);
		return granted;
	};
	/** The person as LiveKit has them in the session's room, or a refusal. */
	const inRoom = (session: string, identity: string) =>
		livekit.getParticipant(room(session), identity).catch(notInRoom);

	/**
	 * Someone on the room's page (presence policy, and 'room:enter' done on this socket) with a
	 * person behind them: anonymous viewers cannot raise hands or react.
	 */
	const present = (socket: Parameters<typeof authorizeSocket>[0], session: string) => {
		const granted = authorizeSocket(
			socket,
			services,
			presenceAction(findSession(services.event, session)),
			session
		);
		if (!granted.actor) throw new ClientError('sign_in', 'sign in first');
		if (!socket.rooms.has(sessionRoom(session)))
			throw new ClientError('not_in_room', 'enter the room first');
		return { actor: granted.actor, session: granted.session! };
	};
	const handsChanged = (session: string) => announceHands(services, session);

	// Everyone on a plenary's page asks now and then; one answer per session serves them all
	// for a few seconds, so a full room does not ask every node for every socket each time.
	const peopleCache = new Map<string, { at: number; answer: Promise<RoomPeople> }>();
	const roomPeople = (session: string): Promise<RoomPeople> => {
		const now = Date.now();
		const cached = peopleCache.get(session);
		if (cached && now - cached.at < ROOM_PEOPLE_CACHE_MS) return cached.answer;
		const answer = listPeople(session);
		peopleCache.set(session, { at: now, answer });
		answer.catch(() => peopleCache.delete(session));
		return answer;
	};
	const listPeople = async (session: string): Promise<RoomPeople> => {
		const actors = (await services.realtime?.actorsIn(session)) ?? [];
		const byId = new Map<string, RoomPerson>();
		let anonymous = 0;
		for (const actor of actors) {
			if (!actor) anonymous++;
			else if (!byId.has(actor.id))
				byId.set(actor.id, {
					userId: actor.id,
					name: actor.name,
					role: chatRoleOf(actor, session)
				});
		}
		const people = [...byId.values()].sort(
			(a, b) =>
				(ROLE_ORDER[a.role ?? ''] ?? 3) - (ROLE_ORDER[b.role ?? ''] ?? 3) ||
				a.name.localeCompare(b.name)
		);
		return {
			people: people.slice(0, ROOM_PEOPLE_NAMES),
			count: byId.size + anonymous,
			anonymous
		};
	};

	return {
		'room:where': async (_, socket) => {
			const { actor } = socket.data;
			return { destination: await destinationFor(services, actor?.id, services.clock.now()) };
		},

		'room:enter': async ({ session }, socket) => {
			const found = findSession(services.event, session);
			authorizeSocket(socket, services, presenceAction(found), session);
			await socket.join(sessionRoom(session));
			return {};
		},

		'room:leave': async ({ session }, socket) => {
			const wasIn = socket.rooms.has(sessionRoom(session));
			await socket.leave(sessionRoom(session));
			const userId = socket.data.actor?.id;
			if (wasIn && userId) await leftRoomPage(services, session, userId, socket.id);
			return {};
		},

		'room:people': async ({ session }, socket) => {
			const found = findSession(services.event, session);
			authorizeSocket(socket, services, presenceAction(found), session);
			if (!socket.rooms.has(sessionRoom(session)))
				throw new ClientError('not_in_room', 'enter the room first');
			return roomPeople(session);
		},

		'room:participants': async ({ session }, socket) => {
			authorizeSocket(socket, services, 'session.moderate', session);
			const [participants, removed] = await Promise.all([
				livekit.listParticipants(room(session)).catch(() => []),
				services.roomAccess.removed(session)
			]);
			return {
				removed,
				participants: participants
					.filter((p) => !isRecorder(p.identity))
					.map((p) => ({
						identity: p.identity,
						name: p.name,
						mode: modeOf(p.metadata),
						onStage: !p.permission?.hidden,
						tracks: p.tracks.map((t) => ({
							sid: t.sid,
							source: TrackSource[t.source] ?? 'UNKNOWN',
							muted: t.muted
						}))
					}))
			};
		},

		'room:stage': async ({ session, identity, onStage }, socket) => {
			await moderate(socket, session);
			await livekit
				.updateParticipant(room(session), identity, { permission: stagePermission(onStage) })
				.catch(notInRoom);
			return {};
		},

		// Mute only: the schema takes `muted: true` alone, and livekit-server runs with
		// `enable_remote_unmute: false`, so only a track's owner turns it back on.
		'room:mute': async ({ session, identity, trackSid }, socket) => {
			await moderate(socket, session);
			await livekit.mutePublishedTrack(room(session), identity, trackSid, true).catch(notInRoom);
			return {};
		},

		// Removal sticks: recorded first (the token endpoint refuses them from then on), then
		// their LiveKit presence ends and their tabs are told to leave.
		'room:remove': async ({ session, identity }, socket) => {
			const { session: found } = await moderate(socket, session);
			// Someone in the room, or a person who exists (between two connections, say): a made-up
			// identity is refused and records nothing.
			const participant = await livekit
				.getParticipant(room(session), identity)
				.catch(() => undefined);
			const name = participant?.name ?? (await services.auth.users.get(identity))?.name;
			if (name === undefined) throw new ClientError('not_found', 'no such person');
			await recordRemoval(services, found!, { identity, name });
			await livekit.removeParticipant(room(session), identity).catch(() => undefined);
			services.realtime?.toUser(identity, 'room:removed', { session });
			return {};
		},

		'room:readmit': async ({ session, identity }, socket) => {
			await moderate(socket, session);
			if (!(await services.roomAccess.readmit(session, identity)))
				throw new ClientError('not_found', 'that person was not removed from this room');
			return {};
		},

		'room:close': async ({ session, inSeconds }, socket) => {
			await moderate(socket, session);
			const closesAt = services.clock.now() + inSeconds * 1000;
			await services.roomClosing.schedule(session, closesAt);
			services.realtime?.toAll('room:closing', { session, closesAt });
			return { closesAt };
		},

		'room:move-person': async ({ from, identity, to }, socket) => {
			authorizeSocket(socket, services, 'session.moderate', to);
			await moderate(socket, from);
			// Only someone who is in `from` now: a moderator of one room cannot pull people
			// out of rooms they do not run.
			await inRoom(from, identity);
			services.realtime?.toUser(identity, 'room:move', {
				destination: { kind: 'session', session: to },
				reason: 'moderator'
			});
			return {};
		},

		'room:hand': async ({ session, raised }, socket) => {
			const { actor, session: found } = present(socket, session);
			await limitPerPerson(services, 'room-hand', actor.id, HAND_LIMITS);
			if (raised) {
				const now = services.clock.now();
				const ttlMs = Math.max(0, (await endOf(services, found)) - now) + REMOVAL_KEPT_AFTER_END_MS;
				const up = await services.roomHands.raise(
					session,
					{ userId: actor.id, name: actor.name },
					now,
					ttlMs
				);
				if (!up) throw new ClientError('room_full', 'too many hands are up in this room');
			} else await services.roomHands.lower(session, actor.id);
			return handsChanged(session);
		},

		'room:hand-lower': async ({ session, userId }, socket) => {
			const { actor } = authorizeSocket(socket, services, 'session.moderate', session);
			await limitPerPerson(services, 'room-hand', actor?.id ?? '', HAND_LIMITS);
			if (!(await services.roomHands.lower(session, userId)))
				throw new ClientError('not_found', 'that hand is not up');
			return handsChanged(session);
		},

		'room:hands': async ({ session }, socket) => {
			authorizeSocket(
				socket,
				services,
				presenceAction(findSession(services.event, session)),
				session
			);
			return { hands: await services.roomHands.list(session) };
		},

		'room:react': async ({ session, emoji }, socket) => {
			const { actor } = present(socket, session);
			await limitPerPerson(services, 'room-react', actor.id, REACTION_LIMITS);
			services.realtime?.toRoom(session, 'room:reaction', { session, emoji, name: actor.name });
			return {};
		},

		'round:extend': async ({ round: roundId, minutes }, socket) => {
			await moderate(socket, undefined, 'announcement.post');
			const round = services.event.rounds.find((r) => r.id === roundId);
			if (!round) throw new ClientError('unknown_round', `unknown round "${roundId}"`);
			const endsAt = await services.rounds.extend(round, minutes);
			services.realtime?.toAll('round:extended', { round: round.id, endsAt });
			return { endsAt };
		}
	};
}

/** How long one 'room:people' answer serves everyone who asks about that room. */
export const ROOM_PEOPLE_CACHE_MS = 3000;
const ROLE_ORDER: Record<string, number> = { host: 0, moderator: 1, speaker: 2 };
type RoomPeople = ClientResponse<'room:people'>;

async function announceHands(services: Services, session: string) {
	const hands = await services.roomHands.list(session);
	services.realtime?.toRoom(session, 'room:hands', { session, hands });
	return { hands };
}

/**
 * Someone's socket left a room's page (the page closed, the tab went, the connection dropped).
 * Once none of their tabs is left there, their hand comes down: a raised hand of someone who is
 * gone helps nobody.
 */
export async function leftRoomPage(
	services: Services,
	session: string,
	userId: string,
	socketId: string
): Promise<void> {
	if (!findSession(services.event, session)) return;
	if (await services.realtime?.stillIn(userId, session, socketId)) return;
	if (await services.roomHands.lower(session, userId)) await announceHands(services, session);
}

function modeOf(metadata: string): string {
	try {
		return String((JSON.parse(metadata) as { mode?: unknown }).mode ?? 'unknown');
	} catch {
		return 'unknown';
	}
}

function notInRoom(): never {
	throw new ClientError('not_in_room', 'that person is not in the room');
}
