import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { MediaChoices } from '../../src/lib/client/media-choice.svelte.ts';
import { MediaPreview, type PreviewSource } from '../../src/lib/client/media-preview.svelte.ts';
import PreJoin from '../../src/lib/components/room/PreJoin.svelte';
import { device } from './support/fake-live-room.svelte.ts';
import { useLocale } from './support/fakes.ts';

/** A camera or microphone track as far as the preview uses one. */
function fakeTrack(kind: 'audio' | 'video', deviceId = 'default') {
	return {
		kind,
		id: `${kind}-${deviceId}`,
		deviceId,
		stopped: false,
		stop() {
			this.stopped = true;
		}
	};
}

/** happy-dom has no getUserMedia: the preview's tracks, level and devices come from here. */
function fakeSource({ level = 0, denied = false } = {}) {
	const tracks: ReturnType<typeof fakeTrack>[] = [];
	const make = (kind: 'audio' | 'video') =>
		vi.fn(async (deviceId?: string) => {
			if (denied) throw Object.assign(new Error('denied'), { name: 'NotAllowedError' });
			const track = fakeTrack(kind, deviceId);
			tracks.push(track);
			return track as unknown as MediaStreamTrack;
		});
	const source = {
		camera: make('video'),
		microphone: make('audio'),
		meter: () => ({ level: () => level, close: () => undefined }),
		devices: async (kind: 'audioinput' | 'videoinput') =>
			kind === 'videoinput'
				? [device('videoinput', 'front', 'Voorcamera'), device('videoinput', 'usb', 'USB-camera')]
				: [device('audioinput', 'headset', 'Headset')]
	} satisfies PreviewSource;
	return { source, tracks, live: () => tracks.filter((t) => !t.stopped) };
}

function show({ startOff = false, broadcast = false, fake = fakeSource(), onjoin = vi.fn() } = {}) {
	const choices = new MediaChoices({ startOff }, localStorage);
	const preview = new MediaPreview(fake.source);
	const view = render(PreJoin, { choices, name: 'Anouk de Vries', broadcast, preview, onjoin });
	return { ...view, choices, fake, onjoin };
}

const toggle = (name: 'Microfoon' | 'Camera' | 'Microphone') =>
	screen.getByRole('button', { name, pressed: undefined });

describe('PreJoin', () => {
	it('a first visit: everything off, no device started, the name others will see', () => {
		const { fake } = show();
		expect(screen.getByRole('heading', { name: 'Klaar om deel te nemen?' })).toBeTruthy();
		expect(toggle('Microfoon').getAttribute('aria-pressed')).toBe('false');
		expect(toggle('Camera').getAttribute('aria-pressed')).toBe('false');
		expect(screen.getByText('Je camera staat uit')).toBeTruthy();
		expect(fake.source.camera).not.toHaveBeenCalled();
		expect(fake.source.microphone).not.toHaveBeenCalled();
		expect(screen.getByText(/Anderen zien je als Anouk de Vries\./)).toBeTruthy();
		expect(screen.getByRole('link', { name: 'Naam wijzigen' }).getAttribute('href')).toBe(
			'/profile'
		);
		expect(screen.getByRole('button', { name: 'Deelnemen' })).toBeTruthy();
	});

	it('turning the camera on shows the preview and is remembered', async () => {
		const user = userEvent.setup();
		const { fake, container } = show();
		await user.click(toggle('Camera'));
		expect(toggle('Camera').getAttribute('aria-pressed')).toBe('true');
		await waitFor(() => expect(container.querySelector('video[data-preview]')).not.toBeNull());
		expect(fake.source.camera).toHaveBeenCalledTimes(1);
		expect(screen.queryByText('Je camera staat uit')).toBeNull();
		expect(JSON.parse(localStorage.getItem('plenair:media-choice')!)).toEqual({
			mic: false,
			cam: true
		});
		// Off again: the camera track stops (no light left on).
		await user.click(toggle('Camera'));
		expect(fake.live()).toEqual([]);
		expect(screen.getByText('Je camera staat uit')).toBeTruthy();
	});

	it('the microphone level has a text equivalent', async () => {
		const user = userEvent.setup();
		show({ fake: fakeSource({ level: 0.6 }) });
		const meter = screen.getByRole('meter', { name: 'Microfoonniveau' });
		expect(meter.getAttribute('aria-valuetext')).toBe('uit');
		await user.click(toggle('Microfoon'));
		await waitFor(() => expect(meter.getAttribute('aria-valuetext')).toBe('Goed hoorbaar'));
		expect(meter.getAttribute('aria-valuenow')).toBe('60');
	});

	it('a silent microphone says so', async () => {
		const user = userEvent.setup();
		show({ fake: fakeSource({ level: 0 }) });
		await user.click(toggle('Microfoon'));
		const meter = screen.getByRole('meter', { name: 'Microfoonniveau' });
		await waitFor(() => expect(meter.getAttribute('aria-valuetext')).toBe('Geen geluid'));
	});

	it('joining stops every preview track before the room starts its own', async () => {
		const user = userEvent.setup();
		localStorage.setItem('plenair:media-choice', '{"mic":true,"cam":true}');
		const { fake, onjoin } = show();
		await waitFor(() => expect(fake.live()).toHaveLength(2));
		await user.click(screen.getByRole('button', { name: 'Deelnemen' }));
		expect(onjoin).toHaveBeenCalledTimes(1);
		expect(fake.live()).toEqual([]);
	});

	it('leaving the page (the card goes) stops the preview too', async () => {
		localStorage.setItem('plenair:media-choice', '{"mic":false,"cam":true}');
		const { fake, unmount } = show();
		await waitFor(() => expect(fake.live()).toHaveLength(1));
		unmount();
		expect(fake.live()).toEqual([]);
	});

	it('in a plenary the remembered choice does not apply: everything starts off', async () => {
		localStorage.setItem('plenair:media-choice', '{"mic":true,"cam":true}');
		const { fake } = show({ startOff: true, broadcast: true });
		expect(toggle('Camera').getAttribute('aria-pressed')).toBe('false');
		expect(toggle('Microfoon').getAttribute('aria-pressed')).toBe('false');
		expect(fake.source.camera).not.toHaveBeenCalled();
		expect(screen.getByText(/niemand ziet of hoort je/)).toBeTruthy();
	});

	it('a camera the browser may not use is said in words', async () => {
		const user = userEvent.setup();
		show({ fake: fakeSource({ denied: true }) });
		await user.click(toggle('Camera'));
		expect((await screen.findByRole('alert')).textContent).toContain(
			'Plenair mag je camera of microfoon niet gebruiken.'
		);
	});

	it('device menus are styled buttons, not browser selects, named with the current device', () => {
		const { container } = show();
		expect(container.querySelector('select')).toBeNull();
		expect(screen.getByRole('combobox', { name: 'Camera: Standaardapparaat' })).toBeTruthy();
		expect(screen.getByRole('combobox', { name: 'Microfoon: Standaardapparaat' })).toBeTruthy();
	});

	it('speaks English to English readers', () => {
		useLocale('en');
		show();
		expect(screen.getByRole('heading', { name: 'Ready to join?' })).toBeTruthy();
		expect(screen.getByRole('button', { name: 'Join' })).toBeTruthy();
		expect(toggle('Microphone').getAttribute('aria-pressed')).toBe('false');
		expect(screen.getByText(/Others will see you as Anouk de Vries\./)).toBeTruthy();
	});
});
