import { EventEmitter } from 'node:events';
import { DisconnectReason, RoomEvent, type Room } from 'livekit-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
	LiveRoom,
	RoomEntryError,
	type LiveRoomDeps,
	type TokenAnswer
} from '../../src/lib/client/live-room.svelte.ts';
import type { MediaChoice } from '../../src/lib/client/media-choice.svelte.ts';
import type { MediaPreview } from '../../src/lib/client/media-preview.svelte.ts';

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
	readonly mediaStreamTrack = { readyState: 'live' as 'live' | 'ended' };
	constructor(readonly deviceId?: string) {}
	stop() {
		this.stopped = true;
	}
}

/** Everything on, as a person chooses it in the pre-join. */
const BOTH = { mic: true, cam: true } as const;

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
		permissions: { canPublish: true, hidden: false },
		trackPublications: new Map<
			string,
			{ track: FakeTrack; source: string; isMuted: boolean; trackSid: string; kind: string }
		>(),
		isMicrophoneEnabled: false,
		isCameraEnabled: false,
		isScreenShareEnabled: false,
		setMicrophoneEnabled: async (on: boolean, options?: { deviceId?: string }) =>
			this.publish('microphone', on, options?.deviceId),
		setCameraEnabled: async (on: boolean, options?: { deviceId?: string }) => {
			await this.cameraGate;
			this.publish('camera', on, options?.deviceId);
		},
		setScreenShareEnabled: async () => undefined
	};

	/** livekit-client's view of the browser's autoplay rule. */
	canPlaybackAudio = true;
	startAudioCalls = 0;
	async startAudio() {
		this.startAudioCalls++;
		this.canPlaybackAudio = true;
		this.emit(RoomEvent.AudioPlaybackStatusChanged, true);
	}
	activeDevices = new Map<MediaDeviceKind, string>();
	switches: [MediaDeviceKind, string][] = [];
	getActiveDevice(kind: MediaDeviceKind) {
		return this.activeDevices.get(kind);
	}
	async switchActiveDevice(kind: MediaDeviceKind, deviceId: string) {
		this.switches.push([kind, deviceId]);
		this.activeDevices.set(kind, deviceId);
		return true;
	}

	/** The browser's answer when a device is asked for (NotAllowedError when permission is denied). */
	deviceFailure: Error | undefined;

	private publish(source: 'microphone' | 'camera', on: boolean, deviceId?: string) {
		if (!on) {
			this.localParticipant.trackPublications.get(source)?.track.stop();
			this.localParticipant.trackPublications.delete(source);
			if (source === 'microphone') this.localParticipant.isMicrophoneEnabled = false;
			else this.localParticipant.isCameraEnabled = false;
			return;
		}
		if (this.deviceFailure) throw this.deviceFailure;
		if (this.localParticipant.trackPublications.has(source)) return; // already on
		const track = new FakeTrack(deviceId);
		this.tracks.push(track);
		// Like livekit-client: publishing on a room that is gone fails and stops the new track.
		if (this.state !== 'connected') {
			track.stop();
			throw new Error('cannot publish track when not connected');
		}
		this.localParticipant.trackPublications.set(source, {
			track,
			source,
			isMuted: false,
			trackSid: `TR_${source}`,
			kind: source === 'camera' ? 'video' : 'audio'
		});
		this.activeDevices.set(
			source === 'camera' ? 'videoinput' : 'audioinput',
			deviceId ?? 'default'
		);
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
	let mediaRejoinHandler: ((session: string) => void) | undefined;
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
		onMediaRejoin: (handler) => {
			mediaRejoinHandler = handler;
			return () => (mediaRejoinHandler = undefined);
		},
		...overrides
	});
	return {
		live,
		rooms,
		signals,
		fetchToken,
		createRoom,
		removeBySocket: (session = 'session') => removedHandler?.(session),
		mediaGone: (session = 'session') => mediaRejoinHandler?.(session)
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
		const connecting = live.connect(BOTH);
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
		const connecting = live.connect(BOTH);
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
		const connecting = live.connect(BOTH);
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

	it('a connect that finishes normally publishes the camera and microphone chosen', async () => {
		const { live, rooms } = setup();
		const connecting = live.connect(BOTH);
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
		const connecting = env.live.connect(BOTH);
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
		const connecting = env.live.connect(BOTH);
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

	it('room:media-rejoin for this session joins again at once, with a fresh token, and publishes the choice', async () => {
		const env = await connected();
		env.mediaGone('another-session');
		expect(env.fetchToken).toHaveBeenCalledTimes(1);
		env.mediaGone();
		expect(env.live.phase).toBe('reconnecting');
		await vi.waitFor(() => expect(env.rooms[1]?.connectCalls).toBe(1));
		expect(env.fetchToken).toHaveBeenCalledTimes(2);
		expect(env.rooms[0]!.disconnects).toContain(true);
		env.rooms[1]!.pendingConnect.resolve();
		await vi.waitFor(() => expect(env.live.phase).toBe('connected'));
		await vi.waitFor(() => expect(env.rooms[1]!.liveTracks).toBe(2));
	});

	it('room:media-rejoin leaves a page alone whose call is open elsewhere, or that was removed', async () => {
		const elsewhere = await connected();
		elsewhere.rooms[0]!.drop(DisconnectReason.DUPLICATE_IDENTITY);
		await settle();
		elsewhere.mediaGone();
		await settle();
		expect(elsewhere.live.error).toBe('elsewhere');
		expect(elsewhere.fetchToken).toHaveBeenCalledTimes(1);
		const removed = await connected();
		removed.removeBySocket();
		await settle();
		removed.mediaGone();
		await settle();
		expect(removed.live.phase).toBe('removed');
		expect(removed.fetchToken).toHaveBeenCalledTimes(1);
	});

	it('LiveKit still reconnecting after 10 s: the page joins again with a fresh token', async () => {
		const env = await connected();
		vi.useFakeTimers();
		env.rooms[0]!.emit(RoomEvent.SignalReconnecting);
		await vi.advanceTimersByTimeAsync(9_900);
		expect(env.fetchToken).toHaveBeenCalledTimes(1);
		await vi.advanceTimersByTimeAsync(100);
		expect(env.fetchToken).toHaveBeenCalledTimes(2);
		expect(env.rooms[0]!.disconnects).toContain(true);
		await vi.waitFor(() => expect(env.rooms[1]?.connectCalls).toBe(1));
		env.rooms[1]!.pendingConnect.resolve();
		await vi.waitFor(() => expect(env.live.phase).toBe('connected'));
	});

	it('LiveKit back by itself within 10 s: no rejoin later', async () => {
		const env = await connected();
		vi.useFakeTimers();
		env.rooms[0]!.emit(RoomEvent.Reconnecting);
		await vi.advanceTimersByTimeAsync(9_000);
		env.rooms[0]!.emit(RoomEvent.Reconnected);
		await vi.advanceTimersByTimeAsync(60_000);
		expect(env.fetchToken).toHaveBeenCalledTimes(1);
		expect(env.live.phase).toBe('connected');
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
	async function connectedAs(
		mode: TokenAnswer['mode'],
		room = new FakeRoom(),
		choice: MediaChoice = BOTH,
		deps: Partial<LiveRoomDeps> = {}
	) {
		const env = setup({
			fetchToken: async () => ({ ...answer, mode }),
			createRoom: async () => {
				env.rooms.push(room);
				return { room: room as unknown as Room, RoomEvent, DisconnectReason };
			},
			...deps
		});
		const connecting = env.live.connect(choice);
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

	it('a speaker put on stage publishes what they chose; taken off stage, everything is off', async () => {
		const room = new FakeRoom();
		room.localParticipant.permissions.canPublish = false;
		room.localParticipant.permissions.hidden = true;
		const { live } = await connectedAs('backstage', room);
		expect(live.micOn || live.camOn).toBe(false);
		expect(room.tracks).toHaveLength(0);
		expect(live.live).toBe(false);

		room.localParticipant.permissions.canPublish = true;
		room.localParticipant.permissions.hidden = false;
		room.emit(RoomEvent.ParticipantPermissionsChanged);
		await vi.waitFor(() => expect([live.micOn, live.camOn]).toEqual([true, true]));
		expect(live.canPublish).toBe(true);
		expect(live.live).toBe(true);

		room.localParticipant.permissions.canPublish = false;
		room.localParticipant.permissions.hidden = true;
		room.emit(RoomEvent.ParticipantPermissionsChanged);
		expect(live.canPublish).toBe(false);
		expect([live.micOn, live.camOn, live.screenOn]).toEqual([false, false, false]);
		await vi.waitFor(() => expect(room.liveTracks).toBe(0));
		expect(live.live).toBe(false);
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

/** A preview whose calls are recorded instead of starting a camera. */
function fakePreview() {
	const calls: string[] = [];
	const preview = {
		video: undefined,
		update: async (choice: MediaChoice) => void calls.push(`update:cam=${choice.cam}`),
		stop: () => void calls.push('stop')
	};
	return { calls, preview: preview as unknown as MediaPreview };
}

async function connectedWith(
	choice: MediaChoice | undefined,
	{
		mode = 'participant',
		room = new FakeRoom(),
		deps = {}
	}: { mode?: TokenAnswer['mode']; room?: FakeRoom; deps?: Partial<LiveRoomDeps> } = {}
) {
	const live = new LiveRoom('session', {
		fetchToken: async () => ({ ...answer, mode }),
		createRoom: async () => ({ room: room as unknown as Room, RoomEvent, DisconnectReason }),
		...deps
	});
	const connecting = live.connect(choice);
	await vi.waitFor(() => expect(room.connectCalls).toBe(1));
	room.pendingConnect.resolve();
	await connecting;
	expect(live.phase).toBe('connected');
	return { live, room };
}

describe('LiveRoom: nothing goes live by surprise', () => {
	it('a participant who chose nothing publishes nothing, and is not live', async () => {
		const { live, room } = await connectedWith(undefined);
		expect(room.tracks).toHaveLength(0);
		expect([live.micOn, live.camOn]).toEqual([false, false]);
		expect(live.live).toBe(false);
		expect(live.tiles.map((t) => [t.identity, t.tracks.length])).toEqual([['me', 0]]);
	});

	it('a moderator who chose nothing publishes nothing either', async () => {
		const { live, room } = await connectedWith({ mic: false, cam: false }, { mode: 'moderator' });
		expect(room.tracks).toHaveLength(0);
		expect(live.live).toBe(false);
	});

	it('only the chosen device is published, from the chosen deviceId', async () => {
		const { live, room } = await connectedWith({ mic: false, cam: true, camDevice: 'cam-2' });
		expect([live.micOn, live.camOn]).toEqual([false, true]);
		expect(room.tracks.map((t) => t.deviceId)).toEqual(['cam-2']);
		expect(live.live).toBe(true);
	});

	it('live ends when the only published track is muted (by a moderator)', async () => {
		const { live, room } = await connectedWith({ mic: true, cam: false }, { mode: 'moderator' });
		expect(live.live).toBe(true);
		room.localParticipant.trackPublications.get('microphone')!.isMuted = true;
		room.emit(RoomEvent.TrackMuted);
		expect(live.live).toBe(false);
	});

	it('a hidden person is never live, even with a published track', async () => {
		const room = new FakeRoom();
		room.localParticipant.permissions.hidden = true;
		const { live } = await connectedWith(BOTH, { room });
		expect(live.camOn).toBe(true);
		expect(live.live).toBe(false);
	});

	it('the toggles change the choice and tell it to be remembered', async () => {
		const onChoice = vi.fn();
		const { live } = await connectedWith({ mic: false, cam: false }, { deps: { onChoice } });
		await live.toggleCamera();
		expect(onChoice).toHaveBeenLastCalledWith({ mic: false, cam: true });
		expect(live.camOn).toBe(true);
		await live.toggleMic();
		expect(onChoice).toHaveBeenLastCalledWith({ mic: true, cam: true });
		expect(live.choice).toEqual({ mic: true, cam: true });
	});
});

describe('LiveRoom: backstage preview', () => {
	function backstageRoom() {
		const room = new FakeRoom();
		room.localParticipant.permissions.canPublish = false;
		room.localParticipant.permissions.hidden = true;
		return room;
	}

	it('backstage with the camera chosen: a preview (no microphone), nothing published', async () => {
		const { calls, preview } = fakePreview();
		const { live, room } = await connectedWith(BOTH, {
			mode: 'backstage',
			room: backstageRoom(),
			deps: { createPreview: () => preview }
		});
		expect(live.preview).toBe(preview);
		expect(calls).toEqual(['update:cam=true']);
		expect(room.tracks).toHaveLength(0);

		// On stage: the preview stops before the chosen tracks are published.
		room.localParticipant.permissions.canPublish = true;
		room.localParticipant.permissions.hidden = false;
		room.emit(RoomEvent.ParticipantPermissionsChanged);
		expect(calls).toEqual(['update:cam=true', 'stop']);
		expect(live.preview).toBeUndefined();
		await vi.waitFor(() => expect(room.liveTracks).toBe(2));

		// Off stage again: tracks stop and the preview is back.
		room.localParticipant.permissions.canPublish = false;
		room.localParticipant.permissions.hidden = true;
		room.emit(RoomEvent.ParticipantPermissionsChanged);
		await vi.waitFor(() => expect(live.preview).toBe(preview));
		expect(room.liveTracks).toBe(0);

		// Leaving stops the preview too.
		await live.disconnect();
		expect(calls.at(-1)).toBe('stop');
		expect(live.preview).toBeUndefined();
	});

	it('backstage with the camera off: no preview until the camera is turned on', async () => {
		const { preview } = fakePreview();
		const onChoice = vi.fn();
		const { live, room } = await connectedWith(
			{ mic: false, cam: false },
			{ mode: 'backstage', room: backstageRoom(), deps: { createPreview: () => preview, onChoice } }
		);
		expect(live.preview).toBeUndefined();
		await live.toggleCamera();
		expect(live.preview).toBe(preview);
		expect(onChoice).toHaveBeenLastCalledWith({ mic: false, cam: true });
		expect(room.tracks).toHaveLength(0);
		expect(live.camOn).toBe(false);
	});
});

describe('LiveRoom: sound the browser blocks, devices that go away', () => {
	it('blocked autoplay shows as audioBlocked until startAudio succeeds', async () => {
		const room = new FakeRoom();
		room.canPlaybackAudio = false;
		const { live } = await connectedWith(undefined, { room });
		expect(live.audioBlocked).toBe(true);
		await live.startAudio();
		expect(room.startAudioCalls).toBe(1);
		expect(live.audioBlocked).toBe(false);
		// The browser blocks again later (a new remote track that may not play).
		room.canPlaybackAudio = false;
		room.emit(RoomEvent.AudioPlaybackStatusChanged, false);
		expect(live.audioBlocked).toBe(true);
	});

	it('an unplugged microphone: the default takes over and the person is told', async () => {
		const onChoice = vi.fn();
		let devices = [{ deviceId: 'headset' }, { deviceId: 'default' }];
		const { live, room } = await connectedWith(
			{ mic: true, cam: false, micDevice: 'headset' },
			{ deps: { onChoice, listDevices: async () => devices as MediaDeviceInfo[] } }
		);
		expect(room.getActiveDevice('audioinput')).toBe('headset');
		room.emit(RoomEvent.MediaDevicesChanged);
		await settle();
		expect(room.switches).toEqual([]);
		expect(live.deviceNotice).toBeUndefined();

		devices = [{ deviceId: 'default' }];
		room.emit(RoomEvent.MediaDevicesChanged);
		await vi.waitFor(() => expect(live.deviceNotice).toBe('mic-fallback'));
		expect(room.switches).toEqual([['audioinput', 'default']]);
		expect(live.choice).toEqual({ mic: true, cam: false });
		expect(onChoice).toHaveBeenLastCalledWith({ mic: true, cam: false });
	});

	it('a camera track that ended (device gone) is switched to the default', async () => {
		const { live, room } = await connectedWith(
			{ mic: false, cam: true },
			{ deps: { listDevices: async () => [] } }
		);
		room.localParticipant.trackPublications.get('camera')!.track.mediaStreamTrack.readyState =
			'ended';
		room.emit(RoomEvent.MediaDevicesChanged);
		await vi.waitFor(() => expect(live.deviceNotice).toBe('cam-fallback'));
		expect(room.switches).toEqual([['videoinput', 'default']]);
	});
});
