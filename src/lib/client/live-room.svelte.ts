import type { Participant, Room, Track } from 'livekit-client';

export type RoomMode = 'viewer' | 'backstage' | 'participant' | 'moderator';
export type ConnectionPhase =
	'idle' | 'connecting' | 'connected' | 'reconnecting' | 'disconnected' | 'error';

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

/** Refusals of the token endpoint, by HTTP status, as keys the room page shows in the UI language. */
const ENTRY_ERRORS: Record<number, string> = {
	401: 'sign-in',
	403: 'forbidden',
	410: 'ended',
	425: 'not-started'
};

export class RoomEntryError extends Error {
	constructor(
		message: string,
		readonly status: number,
		readonly waitlistPosition?: number
	) {
		super(message);
	}
}

/**
 * One LiveKit room in the browser. livekit-client is loaded on demand, so only room pages pay
 * for it. The state is a plain snapshot rebuilt on every room event, which keeps the view simple.
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
	room?: Room;
	private leaving = false;
	private attempts = 0;
	private retry: ReturnType<typeof setTimeout> | undefined;

	constructor(
		private readonly sessionId: string,
		private readonly fetchToken: (session: string) => Promise<TokenAnswer> = requestToken
	) {}

	async connect(): Promise<void> {
		this.phase = this.attempts > 0 ? 'reconnecting' : 'connecting';
		this.error = undefined;
		try {
			const answer = await this.fetchToken(this.sessionId);
			const lk = await import('livekit-client');
			const room = new lk.Room({ adaptiveStream: true, dynacast: true });
			this.room = room;
			this.mode = answer.mode;
			const refresh = () => this.refresh();
			room
				.on(lk.RoomEvent.Reconnecting, () => (this.phase = 'reconnecting'))
				.on(lk.RoomEvent.SignalReconnecting, () => (this.phase = 'reconnecting'))
				.on(lk.RoomEvent.Reconnected, () => (this.phase = 'connected'))
				.on(lk.RoomEvent.Disconnected, () => this.lost())
				.on(lk.RoomEvent.MediaDevicesError, (e: Error) => (this.error = deviceError(e)))
				.on(lk.RoomEvent.ParticipantPermissionsChanged, () => {
					const could = this.canPublish;
					this.canPublish = room.localParticipant.permissions?.canPublish ?? false;
					// A speaker put on stage goes live with camera and microphone at once.
					if (!could && this.canPublish) void this.setMedia(true, true);
					if (could && !this.canPublish) {
						this.micOn = this.camOn = this.screenOn = false;
					}
					refresh();
				});
			for (const e of [
				lk.RoomEvent.ParticipantConnected,
				lk.RoomEvent.ParticipantDisconnected,
				lk.RoomEvent.TrackSubscribed,
				lk.RoomEvent.TrackUnsubscribed,
				lk.RoomEvent.TrackMuted,
				lk.RoomEvent.TrackUnmuted,
				lk.RoomEvent.LocalTrackPublished,
				lk.RoomEvent.LocalTrackUnpublished,
				lk.RoomEvent.ActiveSpeakersChanged,
				lk.RoomEvent.ConnectionQualityChanged
			])
				room.on(e, refresh);

			const loopback = /^wss?:\/\/(127\.0\.0\.1|localhost|\[::1\])/.test(answer.url);
			// On a loopback media server there is nothing to learn from STUN servers.
			await room.connect(
				answer.url,
				answer.token,
				loopback ? { rtcConfig: { iceServers: [] } } : {}
			);
			this.phase = 'connected';
			this.attempts = 0;
			this.canPublish = room.localParticipant.permissions?.canPublish ?? false;
			if (answer.mode === 'participant' || answer.mode === 'moderator')
				await this.setMedia(true, true);
			this.refresh();
		} catch (error) {
			if (this.attempts > 0 && !this.leaving && !(error instanceof RoomEntryError)) {
				this.lost(); // still away: keep trying
				return;
			}
			this.phase = 'error';
			if (error instanceof RoomEntryError && error.waitlistPosition !== undefined) {
				this.error = 'room-full';
				this.waitlistPosition = error.waitlistPosition;
			} else if (error instanceof RoomEntryError && ENTRY_ERRORS[error.status])
				this.error = ENTRY_ERRORS[error.status];
			else this.error = error instanceof Error ? error.message : String(error);
		}
	}

	async disconnect(): Promise<void> {
		this.leaving = true;
		clearTimeout(this.retry);
		await this.room?.disconnect();
		this.room = undefined;
	}

	/**
	 * The media server went away for longer than livekit-client's own reconnect covers (a
	 * restart loses its rooms): join again with a fresh token, with a growing pause.
	 */
	private lost(): void {
		if (this.leaving) {
			this.phase = 'disconnected';
			return;
		}
		this.phase = 'reconnecting';
		this.attempts++;
		this.retry = setTimeout(() => void this.connect(), Math.min(1000 * this.attempts, 10_000));
	}

	async setMedia(mic: boolean, cam: boolean): Promise<void> {
		const local = this.room?.localParticipant;
		if (!local) return;
		try {
			await local.setMicrophoneEnabled(mic);
			await local.setCameraEnabled(cam);
		} catch (error) {
			this.error = deviceError(error as Error);
		}
		this.micOn = local.isMicrophoneEnabled;
		this.camOn = local.isCameraEnabled;
		this.refresh();
	}

	async toggleMic(): Promise<void> {
		await this.setMedia(!this.micOn, this.camOn);
	}

	async toggleCamera(): Promise<void> {
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
		this.refresh();
	}

	async devices(kind: MediaDeviceKind): Promise<MediaDeviceInfo[]> {
		const lk = await import('livekit-client');
		return lk.Room.getLocalDevices(kind);
	}

	async useDevice(kind: MediaDeviceKind, deviceId: string): Promise<void> {
		await this.room?.switchActiveDevice(kind, deviceId);
	}

	private refresh(): void {
		const room = this.room;
		if (!room) return;
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

function deviceError(error: Error): string {
	if (error.name === 'NotAllowedError') return 'device-denied';
	if (error.name === 'NotFoundError') return 'device-missing';
	return error.message;
}

async function requestToken(session: string): Promise<TokenAnswer> {
	const res = await fetch(`/api/sessions/${encodeURIComponent(session)}/token`, { method: 'POST' });
	const body = (await res.json().catch(() => ({}))) as Partial<TokenAnswer> & {
		message?: string;
		error?: string;
	};
	if (!res.ok)
		throw new RoomEntryError(body.error ?? body.message ?? `HTTP ${res.status}`, res.status);
	return body as TokenAnswer;
}
