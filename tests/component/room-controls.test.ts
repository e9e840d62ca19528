import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { LiveRoom } from '../../src/lib/client/live-room.svelte.ts';
import RoomControls from '../../src/lib/components/room/RoomControls.svelte';
import { FakeLiveRoom, device } from './support/fake-live-room.svelte.ts';
import { useLocale } from './support/fakes.ts';

function show(room: FakeLiveRoom) {
	return render(RoomControls, { room: room as unknown as LiveRoom });
}

describe('RoomControls', () => {
	it('someone who may not publish (a viewer) gets no controls', () => {
		const room = new FakeLiveRoom();
		room.canPublish = false;
		show(room);
		expect(screen.queryByRole('toolbar')).toBeNull();
		expect(screen.queryAllByRole('button')).toEqual([]);
		expect(room.calls).toEqual([]);
	});

	it('names each button after what it does, and says whether it is on', () => {
		const room = new FakeLiveRoom();
		show(room);
		const bar = screen.getByRole('toolbar', { name: 'Bediening' });
		const buttons = within(bar).getAllByRole('button');
		expect(buttons.map((b) => [b.textContent?.trim(), b.getAttribute('aria-pressed')])).toEqual([
			['Microfoon uit', 'true'],
			['Camera uit', 'true'],
			['Scherm delen', 'false']
		]);
	});

	it('clicking toggles through the room, and the labels follow', async () => {
		const user = userEvent.setup();
		const room = new FakeLiveRoom();
		show(room);
		await user.click(screen.getByRole('button', { name: 'Microfoon uit' }));
		await user.click(screen.getByRole('button', { name: 'Scherm delen' }));
		expect(room.calls.filter((c) => c.startsWith('toggle'))).toEqual(['toggleMic', 'toggleScreen']);
		expect(screen.getByRole('button', { name: 'Microfoon aan' }).getAttribute('aria-pressed')).toBe(
			'false'
		);
		expect(
			screen.getByRole('button', { name: 'Stop scherm delen' }).getAttribute('aria-pressed')
		).toBe('true');
	});

	it('works from the keyboard: Tab to the camera button, Space turns the camera off', async () => {
		const user = userEvent.setup();
		const room = new FakeLiveRoom();
		show(room);
		await user.tab();
		await user.tab();
		expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Camera uit' }));
		await user.keyboard(' ');
		expect(room.calls.filter((c) => c.startsWith('toggle'))).toEqual(['toggleCamera']);
		expect(screen.getByRole('button', { name: 'Camera aan' })).toBe(document.activeElement);
	});

	it('offers a camera choice only when there are several, and switches to the chosen one', async () => {
		const user = userEvent.setup();
		const room = new FakeLiveRoom();
		room.cameras = [
			device('videoinput', 'cam-1', 'Ingebouwd'),
			device('videoinput', 'cam-2', 'USB')
		];
		room.microphones = [device('audioinput', 'mic-1', 'Headset')];
		show(room);
		const camera = await screen.findByRole('combobox', { name: 'Camera' });
		expect(screen.queryByRole('combobox', { name: 'Microfoon' })).toBeNull();
		await user.selectOptions(camera, 'USB');
		expect(room.calls).toContain('useDevice:videoinput:cam-2');
	});

	it('one camera and two microphones: only the microphone choice', async () => {
		const user = userEvent.setup();
		const room = new FakeLiveRoom();
		room.cameras = [device('videoinput', 'cam-1', 'Ingebouwd')];
		room.microphones = [
			device('audioinput', 'mic-1', 'Headset'),
			device('audioinput', 'mic-2', 'Ingebouwd')
		];
		show(room);
		const microphone = await screen.findByRole('combobox', { name: 'Microfoon' });
		expect(screen.queryByRole('combobox', { name: 'Camera' })).toBeNull();
		await user.selectOptions(microphone, 'Ingebouwd');
		expect(room.calls).toContain('useDevice:audioinput:mic-2');
	});

	it('asks for devices only once connected', async () => {
		const room = new FakeLiveRoom();
		room.phase = 'connecting';
		room.cameras = [device('videoinput', 'a', 'A'), device('videoinput', 'b', 'B')];
		show(room);
		expect(room.calls).toEqual([]);
		room.phase = 'connected';
		expect(await screen.findByRole('combobox', { name: 'Camera' })).toBeTruthy();
		expect(room.calls).toEqual(['devices:videoinput', 'devices:audioinput']);
	});

	it('in English', () => {
		useLocale('en');
		const room = new FakeLiveRoom();
		room.micOn = false;
		show(room);
		expect(
			within(screen.getByRole('toolbar', { name: 'Controls' }))
				.getAllByRole('button')
				.map((b) => b.textContent?.trim())
		).toEqual(['Microphone on', 'Camera off', 'Share screen']);
	});
});
