import type { MediaChoice } from './media-choice.svelte';

/** A running microphone analysis: the current level from 0 (silent) to 1 (loud). */
export interface LevelMeter {
	level(): number;
	close(): void;
}

/**
 * Where previews come from. The browser's own by default; tests (and browsers without
 * getUserMedia, such as happy-dom) hand in another.
 */
export interface PreviewSource {
	camera(deviceId?: string): Promise<MediaStreamTrack>;
	microphone(deviceId?: string): Promise<MediaStreamTrack>;
	meter(track: MediaStreamTrack): LevelMeter;
	devices(kind: 'audioinput' | 'videoinput'): Promise<MediaDeviceInfo[]>;
}

const exact = (deviceId?: string): MediaTrackConstraints | boolean =>
	deviceId ? { deviceId: { exact: deviceId } } : true;

async function firstTrack(constraints: MediaStreamConstraints): Promise<MediaStreamTrack> {
	const stream = await navigator.mediaDevices.getUserMedia(constraints);
	const [track] = [...stream.getVideoTracks(), ...stream.getAudioTracks()];
	if (!track) throw Object.assign(new Error('no track'), { name: 'NotFoundError' });
	return track;
}

/** The browser's camera, microphone and Web Audio analyser. */
export const browserPreviewSource: PreviewSource = {
	camera: (deviceId) => firstTrack({ video: exact(deviceId) }),
	microphone: (deviceId) => firstTrack({ audio: exact(deviceId) }),
	meter(track) {
		const context = new AudioContext();
		void context.resume().catch(() => undefined);
		const analyser = context.createAnalyser();
		analyser.fftSize = 512;
		// Kept referenced and pulled through a silent gain to the output: an unreferenced source
		// or a graph that ends nowhere may be collected or left unprocessed, and the meter stays 0.
		const source = context.createMediaStreamSource(new MediaStream([track]));
		const silent = context.createGain();
		silent.gain.value = 0;
		source.connect(analyser).connect(silent).connect(context.destination);
		const samples = new Float32Array(analyser.fftSize);
		return {
			level() {
				if (!source.mediaStream.active) return 0;
				analyser.getFloatTimeDomainData(samples);
				let sum = 0;
				for (const s of samples) sum += s * s;
				// Speech at a normal distance has an RMS around 0.05–0.2: scale that to most of the bar.
				return Math.min(1, Math.sqrt(sum / samples.length) * 5);
			},
			close: () => void context.close().catch(() => undefined)
		};
	},
	async devices(kind) {
		const all = await navigator.mediaDevices.enumerateDevices();
		return all.filter((d) => d.kind === kind && d.deviceId);
	}
};

/**
 * A local look at the chosen camera and microphone that nobody else receives: the camera picture
 * and the microphone's level. Used before joining and backstage. `update` follows a choice;
 * `stop` ends every track (the camera light goes off).
 */
export class MediaPreview {
	video = $state.raw<MediaStreamTrack>();
	audio = $state.raw<MediaStreamTrack>();
	/** The microphone's level, 0 to 1, refreshed about ten times a second. */
	level = $state(0);
	/** 'device-denied', 'device-missing' or the browser's message when a device did not start. */
	error = $state<string>();
	readonly #source: PreviewSource;
	#meter: LevelMeter | undefined;
	#timer: ReturnType<typeof setInterval> | undefined;
	#videoDevice: string | undefined;
	#audioDevice: string | undefined;
	#generation = 0;

	constructor(source: PreviewSource = browserPreviewSource) {
		this.#source = source;
	}

	devices(kind: 'audioinput' | 'videoinput'): Promise<MediaDeviceInfo[]> {
		return this.#source.devices(kind).catch(() => []);
	}

	/** Starts, switches or stops the camera and microphone so they match the choice. */
	async update(choice: MediaChoice): Promise<void> {
		const generation = ++this.#generation;
		this.error = undefined;
		const current = () => generation === this.#generation;
		if (!choice.cam || choice.camDevice !== this.#videoDevice) this.#stopVideo();
		if (!choice.mic || choice.micDevice !== this.#audioDevice) this.#stopAudio();
		try {
			if (choice.cam && !this.video) {
				const track = await this.#source.camera(choice.camDevice);
				if (!current() || this.video) track.stop();
				else {
					this.video = track;
					this.#videoDevice = choice.camDevice;
				}
			}
			if (choice.mic && !this.audio && current()) {
				const track = await this.#source.microphone(choice.micDevice);
				if (!current() || this.audio) track.stop();
				else {
					this.audio = track;
					this.#audioDevice = choice.micDevice;
					this.#meter = this.#source.meter(track);
					const meter = this.#meter;
					// Falls back gently, so a short sound stays visible (and readable) for a moment.
					this.#timer = setInterval(
						() => (this.level = Math.max(meter.level(), this.level * 0.8)),
						100
					);
				}
			}
		} catch (error) {
			if (!current()) return;
			const e = error as Error;
			this.error =
				e.name === 'NotAllowedError'
					? 'device-denied'
					: e.name === 'NotFoundError' || e.name === 'OverconstrainedError'
						? 'device-missing'
						: e.message;
		}
	}

	/** Ends the preview: every track stops. */
	stop(): void {
		this.#generation++;
		this.#stopVideo();
		this.#stopAudio();
	}

	#stopVideo(): void {
		this.video?.stop();
		this.video = undefined;
		this.#videoDevice = undefined;
	}

	#stopAudio(): void {
		clearInterval(this.#timer);
		this.#meter?.close();
		this.#meter = undefined;
		this.audio?.stop();
		this.audio = undefined;
		this.#audioDevice = undefined;
		this.level = 0;
	}
}
