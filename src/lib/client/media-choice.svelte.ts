/** What a person chose to publish when they enter a room, and with which devices. */
export interface MediaChoice {
	mic: boolean;
	cam: boolean;
	/** The chosen microphone's deviceId; undefined for the browser's default. */
	micDevice?: string;
	/** The chosen camera's deviceId; undefined for the browser's default. */
	camDevice?: string;
}

/** The part of localStorage this needs; absent during server rendering. */
export type ChoiceStorage = Pick<Storage, 'getItem' | 'setItem'>;

const KEY = 'plenair:media-choice';
const OFF: MediaChoice = { mic: false, cam: false };

/** The choice remembered in this browser; everything off when there is none (or it is unreadable). */
export function rememberedChoice(storage: ChoiceStorage | undefined): MediaChoice {
	try {
		const raw = JSON.parse(storage?.getItem(KEY) ?? 'null') as Partial<MediaChoice> | null;
		if (!raw || typeof raw !== 'object') return { ...OFF };
		return {
			mic: raw.mic === true,
			cam: raw.cam === true,
			...(typeof raw.micDevice === 'string' ? { micDevice: raw.micDevice } : {}),
			...(typeof raw.camDevice === 'string' ? { camDevice: raw.camDevice } : {})
		};
	} catch {
		return { ...OFF };
	}
}

/**
 * The person's media choice for one room. It starts from what this browser remembers, except
 * where nothing may go live by surprise: in livecasts and plenaries, and for anyone the programme
 * moved in automatically, camera and microphone start off (the remembered devices are kept).
 * Every change is remembered for the next visit.
 */
export class MediaChoices {
	mic = $state(false);
	cam = $state(false);
	micDevice = $state<string>();
	camDevice = $state<string>();
	readonly #storage: ChoiceStorage | undefined;

	constructor(
		{ startOff }: { startOff: boolean },
		storage: ChoiceStorage | undefined = globalThis.localStorage
	) {
		this.#storage = storage;
		const remembered = rememberedChoice(storage);
		this.mic = !startOff && remembered.mic;
		this.cam = !startOff && remembered.cam;
		this.micDevice = remembered.micDevice;
		this.camDevice = remembered.camDevice;
	}

	get value(): MediaChoice {
		return {
			mic: this.mic,
			cam: this.cam,
			...(this.micDevice ? { micDevice: this.micDevice } : {}),
			...(this.camDevice ? { camDevice: this.camDevice } : {})
		};
	}

	/** Changes part of the choice and remembers the whole of it. */
	set(patch: Partial<MediaChoice>): void {
		if ('mic' in patch) this.mic = patch.mic === true;
		if ('cam' in patch) this.cam = patch.cam === true;
		if ('micDevice' in patch) this.micDevice = patch.micDevice || undefined;
		if ('camDevice' in patch) this.camDevice = patch.camDevice || undefined;
		try {
			this.#storage?.setItem(KEY, JSON.stringify(this.value));
		} catch {
			// A full or forbidden storage only costs the memory of this choice.
		}
	}
}
