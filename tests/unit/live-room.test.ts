import { EventEmitter } from 'node:events';
import { DisconnectReason, RoomEvent, type Room } from 'livekit-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
	LiveRoom,
	RoomEntryError,
	type LiveRoomDeps,
	type TokenAnswer
} from '../../src/lib/client/live-room.svelte.ts';

/*
 * LiveRoom's lifecycle with its transport replaced: a token fetcher, a LiveKit Room and the
 * socket's removal event that the test resolves by hand, so each race is played out in order.
 * The browser tests (tests/e2e/room-lifecycle.spec.ts) run the same cases against livekit-server.
 */

function deferred<T = void>() {
	let resolve!: (value: T) => void;
	let reject!: (error: unknown) => void;
	const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
	return { promise, resolve, reject };
}

class FakeTrack {
	stopped = false;
	stop() {
		this.stopped = true;
	}
}

/** Enough of livekit-client's Room for LiveRoom: connect, disconnect, local devices, events. */
class FakeRoom extends EventEmitter {
	connectCalls = 0;
	disconnects: boolean[] = [];
	pendingConnect = deferred();
	cameraGate: Promise<void> | undefined;
	tracks: FakeTrack[] = [];
	remoteParticipants = new Map();
	private state: 'idle' | 'connecting' | 'connected' | 'disconnected' = 'idle';
	readonly localParticipant = {
		identity: 'me',
		name: 'Me',
		isLocal: true,
		isSpeaking: false,
		connectionQuality: 'excellent',
		metadata: '{"mode":"participant"}',
		permissions: { canPublish: true },
		trackPublications: new Map<string, { track: FakeTrack; source: string }>(),
		isMicrophoneEnabled: false,
		isCameraEnabled: false,
		isScreenShareEnabled: false,
		setMicrophoneEnabled: async (on: boolean) => this.publish('microphone', on),
		setCameraEnabled: async (on: boolean) => {
			await this.cameraGate;
			this.publish('camera', on);
		}
	};

	/** The browser's answer when a device is asked for (NotAllowedError when permission is denied). */
	deviceFailure: Error | undefined;

	private publish(source: 'microphone' | 'camera', on: boolean) {
		if (!on) {
			this.localParticipant.trackPublications.get(source)?.track.stop();
			this.localParticipant.trackPublications.delete(source);
			if (source === 'microphone') this.localParticipant.isMicrophoneEnabled = false;
			else this.localParticipant.isCameraEnabled = false;
			return;
		}
		if (this.deviceFailure) throw this.deviceFailure;
		if (this.localParticipant.trackPublications.has(source)) return; // already on
		const track = new FakeTrack();
		this.tracks.push(track);
		// Like livekit-client: publishing on a room that is gone fails and stops the new track.
		if (this.state !== 'connected') {
			track.stop();
			throw new Error('cannot publish track when not connected');
		}
		this.localParticipant.trackPublications.set(source, { track, source });
		if (source === 'microphone') this.localParticipant.isMicrophoneEnabled = true;
		else this.localParticipant.isCameraEnabled = true;
	}

	async connect() {
		this.connectCalls++;
		this.state = 'connecting';
		await this.pendingConnect.promise;
		if (this.state !== 'connecting') throw new Error('Client initiated disconnect');
		this.state = 'connected';
	}

	async disconnect(stopTracks = true) {
		this.disconnects.push(stopTracks);
		if (this.state === 'disconnected') return;
		const was = this.state;
		this.state = 'disconnected';
		if (was === 'connecting') this.pendingConnect.resolve(); // connect() then throws
		if (stopTracks)
			for (const { track } of this.localParticipant.trackPublications.values()) track.stop();
		this.emit(RoomEvent.Disconnected, DisconnectReason.CLIENT_INITIATED);
	}

	/** The server ends this participant's connection. */
	drop(reason: DisconnectReason) {
		this.state = 'disconnected';
		this.emit(RoomEvent.Disconnected, reason);
	}

	get liveTracks() {
		return this.tracks.filter((t) => !t.stopped).length;
	}
}

const answer: TokenAnswer = {
	url: 'ws://127.0.0.1:7880',
	token: 'jwt',
	room: 'event--session',
	identity: 'me',
	mode: 'participant'
};

function setup(overrides: Partial<LiveRoomDeps> = {}) {
	const rooms: FakeRoom[] = [];
	const signals: AbortSignal[] = [];
	let removedHandler: ((session: string) => void) | undefined;
	const fetchToken = vi.fn(async (_session: string, signal: AbortSignal) => {
		signals.push(signal);
		return answer;
	});
	const createRoom = vi.fn(async () => {
		const room = new FakeRoom();
		rooms.push(room);
		return { room: room as unknown as Room, RoomEvent, DisconnectReason };
	});
	const live = new LiveRoom('session', {
		fetchToken,
		createRoom,
		onRemoved: (handler) => {
			removedHandler = handler;
			return () => (removedHandler = undefined);
		},
		...overrides
	});
	return {
		live,
		rooms,
		signals,
		fetchToken,
		createRoom,
		removeBySocket: (session = 'session') => removedHandler?.(session)
	};
}

/** Lets every settled promise run its continuations. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => vi.useRealTimers());

describe('LiveRoom: leaving while a connect is under way', () => {
	it('during the token request: aborts it and never builds a room', async () => {
		const token = deferred<TokenAnswer>();
		const { live, createRoom, signals } = setup({
			fetchToken: (_s, signal) => (signals.push(signal), token.promise)
		});
		const connecting = live.connect();
		await live.disconnect();
		token.resolve(answer);
		await connecting;
		expect(signals[0]?.aborted).toBe(true);
		expect(createRoom).not.toHaveBeenCalled();
		expect(live.room).toBeUndefined();
		expect(live.phase).toBe('disconnected');
		expect(live.error).toBeUndefined();
	});

	it('during the LiveKit connect: disconnects the room and starts no device', async () => {
		const { live, rooms } = setup();
		const connecting = live.connect();
		await vi.waitFor(() => expect(rooms[0]?.connectCalls).toBe(1));
		await live.disconnect();
		await connecting;
		const room = rooms[0]!;
		expect(room.disconnects).toContain(true);
		expect(room.tracks).toHaveLength(0);
		expect(live.phase).toBe('disconnected');
		expect(live.error).toBeUndefined();
		expect(live.camOn || live.micOn).toBe(false);
	});

	it('while the camera starts: the late track is stopped and the room stays disconnected', async () => {
		const camera = deferred();
		const { live, rooms } = setup();
		const connecting = live.connect();
		await vi.waitFor(() => expect(rooms[0]?.connectCalls).toBe(1));
		const room = rooms[0]!;
		room.cameraGate = camera.promise;
		room.pendingConnect.resolve();
		await vi.waitFor(() => expect(room.localParticipant.isMicrophoneEnabled).toBe(true));
		await live.disconnect();
		camera.resolve();
		await connecting;
		await settle();
		expect(room.disconnects.length).toBeGreaterThan(0);
		expect(room.liveTracks).toBe(0);
		expect(live.room).toBeUndefined();
		expect(live.camOn || live.micOn).toBe(false);
		expect(live.phase).toBe('disconnected');
	});

	it('a connect that finishes normally publishes camera and microphone', async () => {
		const { live, rooms } = setup();
		const connecting = live.connect();
		await vi.waitFor(() => expect(rooms[0]?.connectCalls).toBe(1));
		rooms[0]!.pendingConnect.resolve();
		await connecting;
		expect(live.phase).toBe('connected');
		expect(live.micOn && live.camOn).toBe(true);
		expect(rooms[0]!.liveTracks).toBe(2);
		await live.disconnect();
		expect(rooms[0]!.liveTracks).toBe(0);
	});
});

describe('LiveRoom: removal is not a lost connection', () => {
	async function connected(env = setup()) {
		const connecting = env.live.connect();
		await vi.waitFor(() => expect(env.rooms[0]?.connectCalls).toBe(1));
		env.rooms[0]!.pendingConnect.resolve();
		await connecting;
		expect(env.live.phase).toBe('connected');
		return env;
	}

	it('LiveKit says PARTICIPANT_REMOVED: the page shows it and never rejoins', async () => {
		const { live, rooms, fetchToken } = await connected();
		vi.useFakeTimers();
		rooms[0]!.drop(DisconnectReason.PARTICIPANT_REMOVED);
		await vi.advanceTimersByTimeAsync(60_000);
		expect(live.phase).toBe('removed');
		expect(live.error).toBe('removed');
		expect(fetchToken).toHaveBeenCalledTimes(1);
		expect(rooms).toHaveLength(1);
		expect(rooms[0]!.liveTracks).toBe(0);
		// Not even a manual connect brings the page back in.
		await live.connect();
		expect(fetchToken).toHaveBeenCalledTimes(1);
	});

	it('the socket event room:removed for this session ends the room at once', async () => {
		const env = await connected();
		env.removeBySocket('another-session');
		expect(env.live.phase).toBe('connected');
		env.removeBySocket();
		await settle();
		expect(env.live.phase).toBe('removed');
		expect(env.rooms[0]!.disconnects).toContain(true);
		expect(env.rooms[0]!.liveTracks).toBe(0);
	});

	it('a removal that arrives while the connect is pending wins over the connect', async () => {
		const env = setup();
		const connecting = env.live.connect();
		await vi.waitFor(() => expect(env.rooms[0]?.connectCalls).toBe(1));
		env.removeBySocket();
		await connecting;
		expect(env.live.phase).toBe('removed');
		expect(env.rooms[0]!.tracks).toHaveLength(0);
	});

	it('the same person entering elsewhere: no automatic rejoin (no tug of war), a manual one works', async () => {
		const { live, rooms, fetchToken } = await connected();
		vi.useFakeTimers();
		rooms[0]!.drop(DisconnectReason.DUPLICATE_IDENTITY);
		await vi.advanceTimersByTimeAsync(60_000);
		expect(live.phase).toBe('disconnected');
		expect(live.error).toBe('elsewhere');
		expect(fetchToken).toHaveBeenCalledTimes(1);
		expect(rooms[0]!.liveTracks).toBe(0);
		vi.useRealTimers();
		const again = live.connect();
		await vi.waitFor(() => expect(rooms[1]?.connectCalls).toBe(1));
		rooms[1]!.pendingConnect.resolve();
		await again;
		expect(live.phase).toBe('connected');
	});

	it('a lost connection (not a removal) is joined again with a fresh token', async () => {
		const { live, rooms, fetchToken } = await connected();
		vi.useFakeTimers();
		rooms[0]!.drop(DisconnectReason.SIGNAL_CLOSE);
		expect(live.phase).toBe('reconnecting');
		await vi.advanceTimersByTimeAsync(1000);
		expect(fetchToken).toHaveBeenCalledTimes(2);
		expect(rooms).toHaveLength(2);
	});
});

describe('LiveRoom: refusals of the token endpoint', () => {
	it('403 with code "removed": removed, not "forbidden"', async () => {
		const { live, createRoom } = setup({
			fetchToken: async () => {
				throw new RoomEntryError('You were removed from this room.', 403, undefined, 'removed');
			}
		});
		await live.connect();
		expect(live.phase).toBe('removed');
		expect(live.error).toBe('removed');
		expect(createRoom).not.toHaveBeenCalled();
	});

	it('409 room_full: the waitlist position, and no room', async () => {
		const { live, createRoom } = setup({
			fetchToken: async () => {
				throw new RoomEntryError('This session is full.', 409, 4, 'room_full');
			}
		});
		await live.connect();
		expect(live.phase).toBe('error');
		expect(live.error).toBe('room-full');
		expect(live.waitlistPosition).toBe(4);
		expect(createRoom).not.toHaveBeenCalled();
	});

	it('other refusals become keys for the page, never the server text', async () => {
		const { live } = setup({
			fetchToken: async () => {
				throw new RoomEntryError('This session has ended.', 410);
			}
		});
		await live.connect();
		expect(live.error).toBe('ended');
		const banned = setup({
			fetchToken: async () => {
				throw new RoomEntryError('You are banned.', 403, undefined, 'banned');
			}
		}).live;
		await banned.connect();
		expect(banned.error).toBe('banned');
	});
});

describe('LiveRoom: what the page shows while connected', () => {
	async function connectedAs(mode: TokenAnswer['mode'], room = new FakeRoom()) {
		const env = setup({
			fetchToken: async () => ({ ...answer, mode }),
			createRoom: async () => {
				env.rooms.push(room);
				return { room: room as unknown as Room, RoomEvent, DisconnectReason };
			}
		});
		const connecting = env.live.connect();
		await vi.waitFor(() => expect(room.connectCalls).toBe(1));
		room.pendingConnect.resolve();
		await connecting;
		return { ...env, room };
	}

	it('a viewer starts no camera or microphone and sees no tile of their own', async () => {
		const room = new FakeRoom();
		room.localParticipant.permissions.canPublish = false;
		const { live } = await connectedAs('viewer', room);
		expect(live.phase).toBe('connected');
		expect(live.mode).toBe('viewer');
		expect(live.canPublish).toBe(false);
		expect(live.micOn || live.camOn).toBe(false);
		expect(room.tracks).toHaveLength(0);
		expect(live.tiles).toEqual([]);
	});

	it('a participant sees their own tile with camera and microphone', async () => {
		const { live } = await connectedAs('participant');
		expect(live.tiles.map((t) => [t.identity, t.name, t.local])).toEqual([['me', 'Me', true]]);
		expect(live.tiles[0]!.tracks.map((t) => t.source).sort()).toEqual(['camera', 'microphone']);
	});

	it('the microphone and camera buttons turn each device off and on again', async () => {
		const { live, room } = await connectedAs('participant');
		await live.toggleMic();
		expect([live.micOn, live.camOn]).toEqual([false, true]);
		expect(room.liveTracks).toBe(1);
		await live.toggleCamera();
		expect([live.micOn, live.camOn]).toEqual([false, false]);
		expect(room.liveTracks).toBe(0);
		await live.toggleMic();
		expect([live.micOn, live.camOn]).toEqual([true, false]);
	});

	it('a camera or microphone the browser may not use shows as "device-denied", still connected', async () => {
		const room = new FakeRoom();
		room.deviceFailure = Object.assign(new Error('Permission denied'), { name: 'NotAllowedError' });
		const { live } = await connectedAs('participant', room);
		expect(live.phase).toBe('connected');
		expect(live.error).toBe('device-denied');
		expect(live.micOn || live.camOn).toBe(false);
	});

	it('no device at all shows as "device-missing"', async () => {
		const room = new FakeRoom();
		room.deviceFailure = Object.assign(new Error('Requested device not found'), {
			name: 'NotFoundError'
		});
		const { live } = await connectedAs('moderator', room);
		expect(live.error).toBe('device-missing');
	});

	it('a speaker put on stage goes live at once; taken off stage, everything is off', async () => {
		const room = new FakeRoom();
		room.localParticipant.permissions.canPublish = false;
		const { live } = await connectedAs('backstage', room);
		expect(live.micOn || live.camOn).toBe(false);

		room.localParticipant.permissions.canPublish = true;
		room.emit(RoomEvent.ParticipantPermissionsChanged);
		await vi.waitFor(() => expect([live.micOn, live.camOn]).toEqual([true, true]));
		expect(live.canPublish).toBe(true);

		room.localParticipant.permissions.canPublish = false;
		room.emit(RoomEvent.ParticipantPermissionsChanged);
		expect(live.canPublish).toBe(false);
		expect([live.micOn, live.camOn, live.screenOn]).toEqual([false, false, false]);
	});

	it('LiveKit reconnecting by itself shows "reconnecting", then "connected" again', async () => {
		const { live, room, rooms } = await connectedAs('participant');
		room.emit(RoomEvent.Reconnecting);
		expect(live.phase).toBe('reconnecting');
		room.emit(RoomEvent.Reconnected);
		expect(live.phase).toBe('connected');
		// The same room throughout: no new token, no new connect.
		expect(rooms).toHaveLength(1);
		expect(room.connectCalls).toBe(1);
	});
});

describe('LiveRoom: refusals by status alone', () => {
	it.each([
		[401, 'sign-in'],
		[403, 'forbidden'],
		[425, 'not-started']
	])('HTTP %i without a code: %s', async (status, key) => {
		const { live, createRoom } = setup({
			fetchToken: async () => {
				throw new RoomEntryError('refused', status);
			}
		});
		await live.connect();
		expect(live.phase).toBe('error');
		expect(live.error).toBe(key);
		expect(createRoom).not.toHaveBeenCalled();
	});
});
