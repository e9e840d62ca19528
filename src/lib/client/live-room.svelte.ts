import type { DisconnectReason, Participant, Room, RoomEvent, Track } from 'livekit-client';
import type { MediaChoice } from './media-choice.svelte';
import { MediaPreview } from './media-preview.svelte';

export type RoomMode = 'viewer' | 'backstage' | 'participant' | 'moderator';
export type ConnectionPhase =
	| 'idle'
	| 'connecting'
	| 'connected'
	| 'reconnecting'
	| 'disconnected'
	| 'error'
	/** A moderator removed this person: the page does not rejoin by itself. */
	| 'removed';

export interface TileTrack {
	sid: string;
	source: string;
	kind: 'video' | 'audio';
	muted: boolean;
	track?: Track;
}

export interface Tile {
	identity: string;
	name: string;
	local: boolean;
	speaking: boolean;
	quality: string;
	/** host, moderator or speaker, from the token's metadata (the chat's badges). */
	role?: string;
	/** Hidden participants (viewers, speakers backstage) are never shown to others. */
	tracks: TileTrack[];
}

export interface TokenAnswer {
	url: string;
	token: string;
	room: string;
	identity: string;
	mode: RoomMode;
}

/**
 * How long livekit-client may try to resume by itself before the page joins again with a fresh
 * token (its own retries go to the same server, which may be gone for good).
 */
const RECONNECT_PATIENCE_MS = 10_000;

/** Refusals of the token endpoint, by HTTP status, as keys the room page shows in the UI language. */
const ENTRY_ERRORS: Record<number, string> = {
	401: 'sign-in',
	403: 'forbidden',
	410: 'ended',
	425: 'not-started'
};

/**
 * Refusals by the endpoint's `code`, which wins over the status. Other codes (banned,
 * signup_forbidden, …) are kept as they are; the page shows them with errorText.
 */
const ENTRY_CODES: Record<string, string> = {
	removed: 'removed',
	room_full: 'room-full',
	sign_in: 'sign-in',
	forbidden: 'forbidden',
	session_ended: 'ended',
	session_not_started: 'not-started'
};

export class RoomEntryError extends Error {
	constructor(
		message: string,
		readonly status: number,
		readonly waitlistPosition?: number,
		readonly code?: string
	) {
		super(message);
	}
}

/** The part of livekit-client LiveRoom uses at run time; loaded on demand in the browser. */
export interface LivekitRuntime {
	room: Room;
	RoomEvent: typeof RoomEvent;
	DisconnectReason: typeof DisconnectReason;
}

export interface LiveRoomDeps {
	/** Asks the app for a token; the signal aborts it when the person leaves meanwhile. */
	fetchToken: (session: string, signal: AbortSignal) => Promise<TokenAnswer>;
	/** Makes a new (unconnected) LiveKit room. */
	createRoom: () => Promise<LivekitRuntime>;
	/**
	 * Subscribes to the app's word that a moderator removed this person from a session's room
	 * (the socket event `room:removed`); returns the unsubscribe.
	 */
	onRemoved?: (handler: (session: string) => void) => () => void;
	/**
	 * Subscribes to the app's word that the media server holding a session's room is gone (the
	 * socket event `room:media-rejoin`); returns the unsubscribe.
	 */
	onMediaRejoin?: (handler: (session: string) => void) => () => void;
	/** Told every change the person makes to their choice (to remember it for the next visit). */
	onChoice?: (choice: MediaChoice) => void;
	/** Makes the local, unpublished preview a speaker sees backstage. */
	createPreview?: () => MediaPreview;
	/** The browser's devices of a kind (livekit-client's list by default). */
	listDevices?: (kind: MediaDeviceKind) => Promise<MediaDeviceInfo[]>;
}

/** Why the page tells the person their device changed by itself. */
export type DeviceNotice = 'mic-fallback' | 'cam-fallback';

const defaultDeps: LiveRoomDeps = {
	fetchToken: requestToken,
	createPreview: () => new MediaPreview(),
	async listDevices(kind) {
		const lk = await import('livekit-client');
		return lk.Room.getLocalDevices(kind, false);
	},
	async createRoom() {
		const lk = await import('livekit-client');
		return {
			room: new lk.Room({ adaptiveStream: true, dynacast: true }),
			RoomEvent: lk.RoomEvent,
			DisconnectReason: lk.DisconnectReason
		};
	}
};

/**
 * One LiveKit room in the browser. livekit-client is loaded on demand, so only room pages pay
 * for it. The state is a plain snapshot rebuilt on every room event, which keeps the view simple.
 *
 * Nothing goes live by surprise: LiveRoom publishes only what the person chose (`choice`, handed
 * to `connect` and changed by the toggles), and only while LiveKit lets them publish. What the
 * page and its control bar read and call:
 * - `phase`, `error`, `mode`, `tiles`, `canPublish`, `hidden`: the connection and the room;
 * - `micOn`, `camOn`, `screenOn` and `toggleMic()`, `toggleCamera()`, `toggleScreen()`: what is
 *   published; a toggle while the person may not publish (backstage) only changes the choice;
 * - `choice`: what they want to publish once they may (devices included);
 * - `live`: others can see or hear them right now (connected, may publish, not hidden, and an
 *   unmuted published track) — the page shows "you are live" exactly then;
 * - `preview`: backstage, the person's own camera picture that nobody else receives;
 * - `audioBlocked` and `startAudio()`: the browser blocked sound until a click;
 * - `deviceNotice`: a device went away and its default took over;
 * - `devices(kind)`, `useDevice(kind, id)`: the device lists and the switch.
 *
 * Every connect has a generation: whatever a connect awaits (the token, livekit-client, the
 * signal connection, camera and microphone) may finish after the person left, was moved or was
 * removed; such a late result is undone at once, so no camera or microphone stays live in a room
 * the page no longer shows.
 */
export class LiveRoom {
	phase = $state<ConnectionPhase>('idle');
	error = $state<string>();
	/** Set when the session is full: the place on its waitlist. */
	waitlistPosition = $state<number>();
	mode = $state<RoomMode>();
	tiles = $state<Tile[]>([]);
	micOn = $state(false);
	camOn = $state(false);
	screenOn = $state(false);
	canPublish = $state(false);
	/** LiveKit hides this person from others (viewers, speakers backstage). */
	hidden = $state(false);
	/** What the person wants to publish when they may. */
	choice = $state<MediaChoice>({ mic: false, cam: false });
	/** The browser blocked sound until the person clicks (see startAudio). */
	audioBlocked = $state(false);
	/** Backstage: the person's own picture, not published. */
	preview = $state<MediaPreview>();
	deviceNotice = $state<DeviceNotice>();
	#publishing = $state(false);
	room?: Room;
	#leaving = false;
	#attempts = 0;
	#retry: ReturnType<typeof setTimeout> | undefined;
	#generation = 0;
	#abort: AbortController | undefined;
	#offRemoved: (() => void) | undefined;
	#offMediaRejoin: (() => void) | undefined;
	readonly #sessionId: string;
	readonly #deps: LiveRoomDeps;

	constructor(sessionId: string, deps: Partial<LiveRoomDeps> = {}) {
		this.#sessionId = sessionId;
		this.#deps = { ...defaultDeps, ...deps };
		this.#offRemoved = this.#deps.onRemoved?.((session) => {
			if (session === this.#sessionId) void this.removed();
		});
		this.#offMediaRejoin = this.#deps.onMediaRejoin?.((session) => {
			if (session === this.#sessionId) this.#mediaGone();
		});
	}

	/** True once this page's connection must not come back: left, or removed by a moderator. */
	get finished(): boolean {
		return this.#leaving || this.phase === 'removed';
	}

	/** Others can see or hear this person right now. */
	get live(): boolean {
		return this.phase === 'connected' && this.canPublish && !this.hidden && this.#publishing;
	}

	/**
	 * Joins the room and publishes what `choice` says (when given, it replaces the current
	 * choice); nothing at all when the person may not publish.
	 */
	async connect(choice?: MediaChoice): Promise<void> {
		if (choice) this.choice = { ...choice };
		if (this.finished) return;
		const generation = ++this.#generation;
		clearTimeout(this.#retry);
		this.#abort?.abort();
		const abort = new AbortController();
		this.#abort = abort;
		const stale = () => generation !== this.#generation || this.finished;
		// A manual "reconnect" while an old room lingers: that one goes first.
		const previous = this.room;
		this.room = undefined;
		if (previous) await closeRoom(previous);

		this.phase = this.#attempts > 0 ? 'reconnecting' : 'connecting';
		this.error = undefined;
		let room: Room | undefined;
		try {
			const answer = await this.#deps.fetchToken(this.#sessionId, abort.signal);
			if (stale()) return;
			const lk = await this.#deps.createRoom();
			room = lk.room;
			if (stale()) return;
			this.room = room;
			this.mode = answer.mode;
			this.#wire(lk);

			const loopback = /^wss?:\/\/(127\.0\.0\.1|localhost|\[::1\])/.test(answer.url);
			// On a loopback media server there is nothing to learn from STUN servers.
			await room.connect(
				answer.url,
				answer.token,
				loopback ? { rtcConfig: { iceServers: [] } } : {}
			);
			if (stale()) return;
			this.phase = 'connected';
			this.#attempts = 0;
			this.#readPermissions(room);
			this.audioBlocked = !room.canPlaybackAudio;
			if (this.canPublish && (this.choice.mic || this.choice.cam))
				await this.setMedia(this.choice.mic, this.choice.cam);
			if (stale()) return;
			this.#syncPreview();
			this.#refresh();
		} catch (error) {
			if (stale()) return;
			if (this.#attempts > 0 && !(error instanceof RoomEntryError)) {
				this.#lost(); // still away: keep trying
				return;
			}
			this.phase = 'error';
			if (error instanceof RoomEntryError) {
				const key =
					(error.code && (ENTRY_CODES[error.code] ?? error.code)) ?? ENTRY_ERRORS[error.status];
				if (key === 'removed') this.phase = 'removed';
				if (key === 'room-full' || error.waitlistPosition !== undefined) {
					this.error = 'room-full';
					this.waitlistPosition = error.waitlistPosition;
				} else this.error = key ?? error.message;
			} else this.error = error instanceof Error ? error.message : String(error);
		} finally {
			// Whatever this connect set up after the person went is taken down again.
			if (stale()) {
				if (room && this.room === room) this.room = undefined;
				if (room) await closeRoom(room);
			}
		}
	}

	#wire({ room, RoomEvent, DisconnectReason }: LivekitRuntime): void {
		const refresh = () => this.#refresh();
		const mine = () => this.room === room;
		const reconnecting = () => {
			if (!mine()) return;
			this.phase = 'reconnecting';
			// livekit-client retries its own server; when that server is gone for good (its node
			// died while the room lives on another), only a fresh join gets back in.
			clearTimeout(this.#retry);
			this.#retry = setTimeout(() => {
				if (mine() && this.phase === 'reconnecting') this.#rejoin();
			}, RECONNECT_PATIENCE_MS);
		};
		room
			.on(RoomEvent.Reconnecting, reconnecting)
			.on(RoomEvent.SignalReconnecting, reconnecting)
			.on(RoomEvent.Reconnected, () => {
				if (!mine()) return;
				clearTimeout(this.#retry);
				this.phase = 'connected';
			})
			.on(RoomEvent.Disconnected, (reason?: DisconnectReason) => {
				if (!mine()) return;
				// A moderator's removal is final for this page: never rejoin by ourselves.
				if (reason === DisconnectReason.PARTICIPANT_REMOVED) void this.removed();
				// The same person entered this room in another tab or device: rejoining from here
				// would push that one out in turn, back and forth. Wait for "reconnect" instead.
				else if (reason === DisconnectReason.DUPLICATE_IDENTITY) void this.#elsewhere();
				else this.#lost();
			})
			.on(RoomEvent.MediaDevicesError, (e: Error) => (this.error = deviceError(e)))
			.on(RoomEvent.AudioPlaybackStatusChanged, () => {
				if (mine()) this.audioBlocked = !room.canPlaybackAudio;
			})
			.on(RoomEvent.MediaDevicesChanged, () => {
				if (mine()) void this.#checkDevices(room);
			})
			.on(RoomEvent.ParticipantPermissionsChanged, () => {
				if (!mine()) return;
				const could = this.canPublish;
				this.#readPermissions(room);
				// Put on stage: the preview goes, and exactly what the person chose goes live.
				if (!could && this.canPublish) {
					this.#syncPreview();
					if (this.choice.mic || this.choice.cam)
						void this.setMedia(this.choice.mic, this.choice.cam);
				}
				// Off stage: every track stops; backstage shows the preview again.
				if (could && !this.canPublish) void this.#unpublishAll(room);
				refresh();
			});
		for (const e of [
			RoomEvent.ParticipantConnected,
			RoomEvent.ParticipantDisconnected,
			RoomEvent.TrackSubscribed,
			RoomEvent.TrackUnsubscribed,
			RoomEvent.TrackMuted,
			RoomEvent.TrackUnmuted,
			RoomEvent.LocalTrackPublished,
			RoomEvent.LocalTrackUnpublished,
			RoomEvent.ActiveSpeakersChanged,
			RoomEvent.ConnectionQualityChanged
		])
			room.on(e, refresh);
	}

	/**
	 * Leaves for good (the page goes, or shows another room). Also ends a connect still under
	 * way: its token request is aborted and whatever it set up later is taken down.
	 */
	async disconnect(): Promise<void> {
		this.#leaving = true;
		await this.#stop();
		if (this.phase !== 'removed') this.phase = 'disconnected';
	}

	/** A moderator removed this person: leave the room and stay out. */
	async removed(): Promise<void> {
		this.phase = 'removed';
		this.error = 'removed';
		await this.#stop();
	}

	async #elsewhere(): Promise<void> {
		this.#generation++;
		clearTimeout(this.#retry);
		const room = this.room;
		this.room = undefined;
		this.micOn = this.camOn = this.screenOn = false;
		this.tiles = [];
		this.#syncPreview();
		this.phase = 'disconnected';
		this.error = 'elsewhere';
		this.#attempts = 0;
		if (room) await closeRoom(room);
	}

	async #stop(): Promise<void> {
		this.#generation++;
		this.#abort?.abort();
		clearTimeout(this.#retry);
		this.#offRemoved?.();
		this.#offRemoved = undefined;
		this.#offMediaRejoin?.();
		this.#offMediaRejoin = undefined;
		const room = this.room;
		this.room = undefined;
		this.micOn = this.camOn = this.screenOn = false;
		this.#publishing = false;
		this.tiles = [];
		this.#syncPreview();
		if (room) await closeRoom(room);
	}

	#readPermissions(room: Room): void {
		const permissions = room.localParticipant.permissions;
		this.canPublish = permissions?.canPublish ?? false;
		this.hidden = permissions?.hidden ?? false;
	}

	/** Backstage (connected, may not publish yet): the person sees their chosen camera. */
	#syncPreview(): void {
		const wanted =
			this.room !== undefined &&
			this.phase === 'connected' &&
			this.mode === 'backstage' &&
			!this.canPublish &&
			this.choice.cam;
		if (!wanted) {
			this.preview?.stop();
			this.preview = undefined;
			return;
		}
		this.preview ??= this.#deps.createPreview?.();
		void this.preview?.update({ ...this.choice, mic: false });
	}

	async #unpublishAll(room: Room): Promise<void> {
		this.micOn = this.camOn = this.screenOn = false;
		const local = room.localParticipant;
		await Promise.all([
			local.setMicrophoneEnabled(false).catch(() => undefined),
			local.setCameraEnabled(false).catch(() => undefined),
			local.setScreenShareEnabled?.(false).catch(() => undefined)
		]);
		for (const publication of local.trackPublications.values()) publication.track?.stop();
		if (this.room !== room) return;
		this.#syncPreview();
		this.#refresh();
	}

	/**
	 * A device came or went (a headset unplugged): a camera or microphone in use that is gone,
	 * or whose track ended, is replaced by the browser's default, and the person is told.
	 */
	async #checkDevices(room: Room): Promise<void> {
		for (const [kind, source, notice] of [
			['audioinput', 'microphone', 'mic-fallback'],
			['videoinput', 'camera', 'cam-fallback']
		] as const) {
			const publication = [...room.localParticipant.trackPublications.values()].find(
				(p) => p.source === source
			);
			if (!publication?.track) continue;
			const devices = (await this.#deps.listDevices?.(kind).catch(() => [])) ?? [];
			const active = room.getActiveDevice(kind);
			const gone =
				publication.track.mediaStreamTrack?.readyState === 'ended' ||
				(active !== undefined &&
					active !== 'default' &&
					!devices.some((d) => d.deviceId === active));
			if (!gone || this.room !== room) continue;
			await room.switchActiveDevice(kind, 'default').catch(() => undefined);
			const patch = kind === 'audioinput' ? { micDevice: undefined } : { camDevice: undefined };
			this.#choose(patch);
			this.deviceNotice = notice;
		}
	}

	#choose(patch: Partial<MediaChoice>): void {
		this.choice = { ...this.choice, ...patch };
		for (const key of ['micDevice', 'camDevice'] as const)
			if (this.choice[key] === undefined) delete this.choice[key];
		this.#deps.onChoice?.({ ...this.choice });
	}

	/** Plays the room's sound after the browser blocked it; call from a click. */
	async startAudio(): Promise<void> {
		const room = this.room;
		if (!room) return;
		await room.startAudio().catch(() => undefined);
		if (this.room === room) this.audioBlocked = !room.canPlaybackAudio;
	}

	/**
	 * The media server went away for longer than livekit-client's own reconnect covers (a
	 * restart loses its rooms): join again with a fresh token, with a growing pause.
	 */
	#lost(): void {
		if (this.finished) {
			if (this.phase !== 'removed') this.phase = 'disconnected';
			return;
		}
		this.phase = 'reconnecting';
		this.#attempts++;
		clearTimeout(this.#retry);
		this.#retry = setTimeout(() => void this.connect(), Math.min(1000 * this.#attempts, 10_000));
	}

	/**
	 * The app saw the media server of this room go: join again now, on a live server, instead of
	 * waiting for livekit-client's ping timeout. A page not in the call (an error, the call open
	 * elsewhere) stays as it is.
	 */
	#mediaGone(): void {
		if (this.finished || !this.room || this.phase === 'error') return;
		this.#rejoin();
	}

	/** Joins again now, with a fresh token; failures are retried like a lost connection. */
	#rejoin(): void {
		this.#attempts = Math.max(this.#attempts, 1);
		this.phase = 'reconnecting';
		void this.connect();
	}

	async setMedia(mic: boolean, cam: boolean): Promise<void> {
		const room = this.room;
		const local = room?.localParticipant;
		if (!room || !local) return;
		const { micDevice, camDevice } = this.choice;
		try {
			await local.setMicrophoneEnabled(mic, micDevice ? { deviceId: micDevice } : undefined);
			if (this.room === room)
				await local.setCameraEnabled(cam, camDevice ? { deviceId: camDevice } : undefined);
		} catch (error) {
			if (this.room === room) this.error = deviceError(error as Error);
		}
		// The person left while the devices started: take them down again.
		if (this.room !== room) return closeRoom(room);
		this.micOn = local.isMicrophoneEnabled;
		this.camOn = local.isCameraEnabled;
		this.#refresh();
	}

	/** Turns the microphone on or off; while the person may not publish, only the choice changes. */
	async toggleMic(): Promise<void> {
		if (!this.canPublish) return this.#choose({ mic: !this.choice.mic });
		this.#choose({ mic: !this.micOn });
		await this.setMedia(!this.micOn, this.camOn);
	}

	/** Turns the camera on or off; backstage this changes the choice and the preview. */
	async toggleCamera(): Promise<void> {
		if (!this.canPublish) {
			this.#choose({ cam: !this.choice.cam });
			return this.#syncPreview();
		}
		this.#choose({ cam: !this.camOn });
		await this.setMedia(this.micOn, !this.camOn);
	}

	async toggleScreen(): Promise<void> {
		const local = this.room?.localParticipant;
		if (!local) return;
		try {
			await local.setScreenShareEnabled(!this.screenOn);
		} catch (error) {
			this.error = deviceError(error as Error);
		}
		this.screenOn = local.isScreenShareEnabled;
		this.#refresh();
	}

	async devices(kind: MediaDeviceKind): Promise<MediaDeviceInfo[]> {
		const lk = await import('livekit-client');
		return lk.Room.getLocalDevices(kind);
	}

	async useDevice(kind: MediaDeviceKind, deviceId: string): Promise<void> {
		if (kind === 'audioinput') this.#choose({ micDevice: deviceId });
		if (kind === 'videoinput') {
			this.#choose({ camDevice: deviceId });
			this.#syncPreview();
		}
		await this.room?.switchActiveDevice(kind, deviceId);
	}

	#refresh(): void {
		const room = this.room;
		if (!room) return;
		this.#publishing = [...room.localParticipant.trackPublications.values()].some(
			(p) => p.track !== undefined && !p.isMuted
		);
		const all: Participant[] = [room.localParticipant, ...room.remoteParticipants.values()];
		this.tiles = all
			.filter((p) =>
				p.isLocal ? this.mode !== 'viewer' : p.trackPublications.size > 0 || !isHiddenMode(p)
			)
			.map((p) => ({
				identity: p.identity,
				name: p.name || p.identity,
				local: p.isLocal,
				speaking: p.isSpeaking,
				quality: String(p.connectionQuality),
				role: roleOf(p.metadata),
				tracks: [...p.trackPublications.values()].map((pub) => ({
					sid: pub.trackSid,
					source: pub.source,
					kind: pub.kind === 'audio' ? 'audio' : 'video',
					muted: pub.isMuted,
					track: pub.track
				}))
			}));
	}
}

function isHiddenMode(p: Participant): boolean {
	try {
		const mode = (JSON.parse(p.metadata ?? '{}') as { mode?: string }).mode;
		return mode === 'viewer' || mode === 'backstage';
	} catch {
		return false;
	}
}

function roleOf(metadata: string | undefined): string | undefined {
	try {
		const role = (JSON.parse(metadata ?? '{}') as { role?: unknown }).role;
		return typeof role === 'string' ? role : undefined;
	} catch {
		return undefined;
	}
}

function deviceError(error: Error): string {
	if (error.name === 'NotAllowedError') return 'device-denied';
	if (error.name === 'NotFoundError') return 'device-missing';
	return error.message;
}

/** Ends a LiveKit room and stops its local tracks (camera and microphone lights go off). */
async function closeRoom(room: Room): Promise<void> {
	for (const publication of room.localParticipant.trackPublications.values())
		publication.track?.stop();
	await room.disconnect(true).catch(() => undefined);
}

async function requestToken(session: string, signal: AbortSignal): Promise<TokenAnswer> {
	const res = await fetch(`/api/sessions/${encodeURIComponent(session)}/token`, {
		method: 'POST',
		signal
	});
	const body = (await res.json().catch(() => ({}))) as Partial<TokenAnswer> & {
		message?: string;
		error?: string;
		code?: string;
		waitlistPosition?: number;
	};
	if (!res.ok)
		throw new RoomEntryError(
			body.message ?? body.error ?? `HTTP ${res.status}`,
			res.status,
			typeof body.waitlistPosition === 'number' ? body.waitlistPosition : undefined,
			body.code
		);
	return body as TokenAnswer;
}
