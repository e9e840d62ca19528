import { describe, expect, it } from 'vitest';
import {
	MediaChoices,
	rememberedChoice,
	type ChoiceStorage
} from '../../src/lib/client/media-choice.svelte.ts';

/** localStorage as a Map, so each test starts from its own browser. */
function memoryStorage(initial: Record<string, string> = {}): ChoiceStorage & {
	data: Map<string, string>;
} {
	const data = new Map(Object.entries(initial));
	return {
		data,
		getItem: (key) => data.get(key) ?? null,
		setItem: (key, value) => void data.set(key, value)
	};
}

const KEY = 'plenair:media-choice';

describe('MediaChoices', () => {
	it('a first visit: camera and microphone off, default devices', () => {
		const choices = new MediaChoices({ startOff: false }, memoryStorage());
		expect(choices.value).toEqual({ mic: false, cam: false });
	});

	it('remembers every change in this browser for the next visit', () => {
		const storage = memoryStorage();
		const first = new MediaChoices({ startOff: false }, storage);
		first.set({ cam: true });
		first.set({ micDevice: 'usb-headset' });
		expect(JSON.parse(storage.data.get(KEY)!)).toEqual({
			mic: false,
			cam: true,
			micDevice: 'usb-headset'
		});
		const next = new MediaChoices({ startOff: false }, storage);
		expect(next.value).toEqual({ mic: false, cam: true, micDevice: 'usb-headset' });
	});

	it('plenaries and automatic moves start off, but keep the remembered devices', () => {
		const storage = memoryStorage({
			[KEY]: '{"mic":true,"cam":true,"camDevice":"front"}'
		});
		const choices = new MediaChoices({ startOff: true }, storage);
		expect(choices.value).toEqual({ mic: false, cam: false, camDevice: 'front' });
		// Starting off does not overwrite what the person chose elsewhere.
		expect(rememberedChoice(storage)).toEqual({ mic: true, cam: true, camDevice: 'front' });
	});

	it('choosing the default device again forgets the specific one', () => {
		const storage = memoryStorage({ [KEY]: '{"mic":true,"cam":false,"micDevice":"usb"}' });
		const choices = new MediaChoices({ startOff: false }, storage);
		choices.set({ micDevice: undefined });
		expect(choices.value).toEqual({ mic: true, cam: false });
		expect(rememberedChoice(storage)).toEqual({ mic: true, cam: false });
	});

	it.each([
		['not JSON', '{mic'],
		['not an object', '"yes"'],
		['wrong types', '{"mic":"true","cam":1,"micDevice":5}']
	])('an unreadable memory (%s) counts as nothing chosen', (_what, raw) => {
		expect(rememberedChoice(memoryStorage({ [KEY]: raw }))).toEqual({ mic: false, cam: false });
	});

	it('works without storage (server rendering, blocked storage)', () => {
		const choices = new MediaChoices({ startOff: false }, undefined);
		choices.set({ mic: true });
		expect(choices.value).toEqual({ mic: true, cam: false });
		const throwing: ChoiceStorage = {
			getItem: () => {
				throw new Error('SecurityError');
			},
			setItem: () => {
				throw new Error('QuotaExceededError');
			}
		};
		const blocked = new MediaChoices({ startOff: false }, throwing);
		blocked.set({ cam: true });
		expect(blocked.cam).toBe(true);
	});
});
