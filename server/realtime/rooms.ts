import { TrackSource } from 'livekit-server-sdk';
import { destinationFor } from '../../src/lib/server/destination.ts';
import { stagePermission } from '../../src/lib/server/livekit-grants.ts';
import { roomNameFor } from '../../src/lib/server/livekit.ts';
import { scheduleRoomClose } from '../../src/lib/server/room-closing.ts';
import type { Services } from '../../src/lib/server/services.ts';
import { findSession } from '../../src/lib/shared/programme.ts';
import { sessionRoom } from '../../src/lib/shared/realtime/protocol.ts';
import { authorizeSocket, presenceAction } from './authorize.ts';
import { ClientError, type HandlerTable } from './dispatch.ts';

/** Moderators run rooms through these events; each one is checked against the policy. */
export function roomHandlers(services: Services): HandlerTable {
	const room = (session: string) => roomNameFor(services.event.event.slug, session);
	const livekit = services.livekit.rooms;

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
			await socket.leave(sessionRoom(session));
			return {};
		},

		'room:participants': async ({ session }, socket) => {
			authorizeSocket(socket, services, 'session.moderate', session);
			const participants = await livekit.listParticipants(room(session)).catch(() => []);
			return {
				participants: participants.map((p) => ({
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
			authorizeSocket(socket, services, 'session.moderate', session);
			await livekit
				.updateParticipant(room(session), identity, { permission: stagePermission(onStage) })
				.catch(notInRoom);
			return {};
		},

		'room:mute': async ({ session, identity, trackSid, muted }, socket) => {
			authorizeSocket(socket, services, 'session.moderate', session);
			await livekit.mutePublishedTrack(room(session), identity, trackSid, muted).catch(notInRoom);
			return {};
		},

		'room:remove': async ({ session, identity }, socket) => {
			authorizeSocket(socket, services, 'session.moderate', session);
			await livekit.removeParticipant(room(session), identity).catch(notInRoom);
			return {};
		},

		'room:close': async ({ session, inSeconds }, socket) => {
			authorizeSocket(socket, services, 'session.moderate', session);
			const closesAt = services.clock.now() + inSeconds * 1000;
			await scheduleRoomClose(services.redis, session, closesAt);
			services.realtime?.toAll('room:closing', { session, closesAt });
			return { closesAt };
		},

		'room:move-person': async ({ from, identity, to }, socket) => {
			authorizeSocket(socket, services, 'session.moderate', from);
			authorizeSocket(socket, services, 'session.moderate', to);
			services.realtime?.toUser(identity, 'room:move', {
				destination: { kind: 'session', session: to },
				reason: 'moderator'
			});
			return {};
		},

		'round:extend': async ({ round: roundId, minutes }, socket) => {
			authorizeSocket(socket, services, 'announcement.post');
			const round = services.event.rounds.find((r) => r.id === roundId);
			if (!round) throw new ClientError(`unknown round "${roundId}"`);
			const endsAt = await services.rounds.extend(round, minutes);
			services.realtime?.toAll('round:extended', { round: round.id, endsAt });
			return { endsAt };
		}
	};
}

function modeOf(metadata: string): string {
	try {
		return String((JSON.parse(metadata) as { mode?: unknown }).mode ?? 'unknown');
	} catch {
		return 'unknown';
	}
}

function notInRoom(): never {
	throw new ClientError('that person is not in the room');
}
