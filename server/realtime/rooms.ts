import type { Socket } from 'socket.io';
import { TrackSource } from 'livekit-server-sdk';
import { destinationFor } from '../../src/lib/server/destination.ts';
import { stagePermission } from '../../src/lib/server/livekit-grants.ts';
import { roomNameFor } from '../../src/lib/server/livekit.ts';
import type { Services } from '../../src/lib/server/services.ts';
import { sessionRoom } from '../../src/lib/shared/realtime/protocol.ts';
import type { SocketData } from './authenticate.ts';
import { authorizeSocket } from './authorize.ts';
import { ClientError, registerHandler } from './register-handler.ts';

/** Moderators run rooms through these events; each one is checked against the policy. */
export function registerRoomHandlers(socket: Socket, services: Services): void {
	const room = (session: string) => roomNameFor(services.event.event.slug, session);
	const livekit = services.livekit.rooms;

	registerHandler(socket, 'room:where', async () => {
		const { actor } = socket.data as SocketData;
		return { destination: await destinationFor(services, actor?.id, services.clock.now()) };
	});

	registerHandler(socket, 'room:enter', async ({ session }) => {
		const found = services.event.sessions.find((s) => s.id === session);
		const action =
			found && (found.kind === 'breakout' || found.kind === 'brainstorm')
				? 'session.join'
				: 'session.watch';
		authorizeSocket(socket, services, action, session);
		await socket.join(sessionRoom(session));
		return {};
	});

	registerHandler(socket, 'room:leave', async ({ session }) => {
		await socket.leave(sessionRoom(session));
		return {};
	});

	registerHandler(socket, 'room:participants', async ({ session }) => {
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
	});

	registerHandler(socket, 'room:stage', async ({ session, identity, onStage }) => {
		authorizeSocket(socket, services, 'session.moderate', session);
		await livekit
			.updateParticipant(room(session), identity, { permission: stagePermission(onStage) })
			.catch(notInRoom);
		return {};
	});

	registerHandler(socket, 'room:mute', async ({ session, identity, trackSid, muted }) => {
		authorizeSocket(socket, services, 'session.moderate', session);
		await livekit.mutePublishedTrack(room(session), identity, trackSid, muted).catch(notInRoom);
		return {};
	});

	registerHandler(socket, 'room:remove', async ({ session, identity }) => {
		authorizeSocket(socket, services, 'session.moderate', session);
		await livekit.removeParticipant(room(session), identity).catch(notInRoom);
		return {};
	});

	registerHandler(socket, 'room:close', async ({ session, inSeconds }) => {
		authorizeSocket(socket, services, 'session.moderate', session);
		const closesAt = services.clock.now() + inSeconds * 1000;
		await services.redis.set(`room:{${session}}:closes-at`, String(closesAt));
		services.realtime?.toAll('room:closing', { session, closesAt });
		return { closesAt };
	});

	registerHandler(socket, 'room:move-person', async ({ from, identity, to }) => {
		authorizeSocket(socket, services, 'session.moderate', from);
		authorizeSocket(socket, services, 'session.moderate', to);
		services.realtime?.toUser(identity, 'room:move', {
			destination: { kind: 'session', session: to },
			reason: 'moderator'
		});
		return {};
	});

	registerHandler(socket, 'round:extend', async ({ round: roundId, minutes }) => {
		authorizeSocket(socket, services, 'announcement.post');
		const round = services.event.rounds.find((r) => r.id === roundId);
		if (!round) throw new ClientError(`unknown round "${roundId}"`);
		const endsAt = await services.rounds.extend(round, minutes);
		services.realtime?.toAll('round:extended', { round: round.id, endsAt });
		return { endsAt };
	});
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
