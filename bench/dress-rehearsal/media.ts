import {
	AudioFrame,
	AudioSource,
	LocalAudioTrack,
	Room,
	RoomEvent,
	TrackPublishOptions,
	TrackSource
} from '@livekit/rtc-node';
import type { Journal } from './journal.ts';

/** What the token endpoint answers: where, the token, and how the person takes part. */
export interface RoomGrant {
	url: string;
	token: string;
	mode: string;
}

/** A LiveKit connection of one attendee of the media sample, room after room. */
export interface MediaLink {
	/** Joins the session's LiveKit room; after a lost connection, joins again with a new token. */
	join(session: string, token: () => Promise<RoomGrant | undefined>): Promise<void>;
	/** The app's word that the room's media server is gone (`room:media-rejoin`): join again now. */
	rejoin(): void;
	leave(): Promise<void>;
	/** The LiveKit identity and room while connected. */
	readonly connected: { session: string } | undefined;
}

const SAMPLE_RATE = 48_000;
const FRAME_MS = 20;

/**
 * A real LiveKit participant through `@livekit/rtc-node` (WebRTC in a native library, no
 * browser): it subscribes to everything, and when `publish` is set and its grant allows, it
 * publishes a microphone track of quiet noise, 20 ms frames on a timer.
 */
export class RtcNodeMedia implements MediaLink {
	#room: Room | undefined;
	#session: string | undefined;
	#token: (() => Promise<RoomGrant | undefined>) | undefined;
	#leaving = false;
	#audio: NodeJS.Timeout | undefined;
	readonly #attendee: number;
	readonly #publish: boolean;
	readonly #journal: Journal;

	constructor(attendee: number, publish: boolean, journal: Journal) {
		this.#attendee = attendee;
		this.#publish = publish;
		this.#journal = journal;
	}

	get connected(): { session: string } | undefined {
		return this.#room?.isConnected && this.#session ? { session: this.#session } : undefined;
	}

	async join(session: string, token: () => Promise<RoomGrant | undefined>): Promise<void> {
		this.#session = session;
		this.#token = token;
		this.#leaving = false;
		for (let attempt = 0; attempt < 60 && !this.#leaving; attempt++) {
			const grant = attempt === 0 ? await token() : await token().catch(() => undefined);
			if (!grant) return;
			const room = new Room();
			try {
				await room.connect(grant.url, grant.token, { autoSubscribe: true, dynacast: true });
			} catch {
				await new Promise((r) => setTimeout(r, 1000));
				continue;
			}
			if (this.#leaving) return void (await room.disconnect());
			this.#room = room;
			this.#log('connected');
			// LiveKit's own reconnect (a resume, or a full rejoin through the front address).
			room.on(RoomEvent.Reconnecting, () => this.#log('lost'));
			room.on(RoomEvent.Reconnected, () => this.#log('connected'));
			room.once(RoomEvent.Disconnected, () => {
				this.#stopAudio();
				if (this.#leaving || this.#room !== room) return;
				// The room's node went away: come back through the front address with a new token,
				// as the room page does.
				this.#log('lost');
				this.#room = undefined;
				void this.join(session, token);
			});
			if (this.#publish && grant.mode !== 'viewer') await this.#startAudio(room);
			return;
		}
	}

	rejoin(): void {
		const room = this.#room;
		const [session, token] = [this.#session, this.#token];
		if (!room || !session || !token || this.#leaving) return;
		this.#room = undefined;
		this.#stopAudio();
		this.#log('lost');
		room.removeAllListeners();
		void room.disconnect().catch(() => {});
		void this.join(session, token);
	}

	async leave(): Promise<void> {
		this.#leaving = true;
		this.#stopAudio();
		const room = this.#room;
		this.#room = undefined;
		if (room) {
			await room.disconnect().catch(() => {});
			this.#log('left');
		}
	}

	async #startAudio(room: Room): Promise<void> {
		const source = new AudioSource(SAMPLE_RATE, 1);
		const track = LocalAudioTrack.createAudioTrack('microfoon', source);
		const options = new TrackPublishOptions();
		options.source = TrackSource.SOURCE_MICROPHONE;
		await room.localParticipant!.publishTrack(track, options);
		const samples = (SAMPLE_RATE * FRAME_MS) / 1000;
		const data = new Int16Array(samples).map(() => Math.round((Math.random() - 0.5) * 200));
		const frame = new AudioFrame(data, SAMPLE_RATE, 1, samples);
		this.#audio = setInterval(() => void source.captureFrame(frame).catch(() => {}), FRAME_MS);
	}

	#stopAudio(): void {
		clearInterval(this.#audio);
		this.#audio = undefined;
	}

	#log(event: 'connected' | 'lost' | 'left'): void {
		this.#journal.media.push({
			attendee: this.#attendee,
			session: this.#session ?? '',
			at: Date.now(),
			event
		});
	}
}
