import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { LiveRoom } from '../../src/lib/client/live-room.svelte.ts';
import ControlBar from '../../src/lib/components/room/ControlBar.svelte';
import { FakeLiveRoom, device } from './support/fake-live-room.svelte.ts';
import { useLocale } from './support/fakes.ts';

function show(
	room: FakeLiveRoom,
	props: Partial<{ canTakePart: boolean; handRaised: boolean }> = {}
) {
	const onHand = vi.fn();
	const onReact = vi.fn();
	const onPanel = vi.fn();
	const result = render(ControlBar, {
		room: room as unknown as LiveRoom,
		canTakePart: props.canTakePart ?? true,
		handRaised: props.handRaised ?? false,
		onHand,
		onReact,
		panelOpen: true,
		onPanel
	});
	return { ...result, onHand, onReact, onPanel };
}

const buttons = () =>
	within(screen.getByRole('toolbar', { name: 'Bediening' }))
		.getAllByRole('button')
		.map((b) => [
			b.getAttribute('aria-label') ?? b.textContent?.trim(),
			b.getAttribute('aria-pressed')
		]);

describe('ControlBar', () => {
	it('a viewer without a name gets the panel and leaving only', () => {
		const room = new FakeLiveRoom();
		room.canPublish = false;
		show(room, { canTakePart: false });
		expect(buttons()).toEqual([['Zijpaneel', 'true']]);
		expect(screen.getByRole('link', { name: 'Verlaten' }).getAttribute('href')).toBe('/');
		expect(room.calls).toEqual([]);
	});

	it('names every control, shows its state, and announces the shortcuts', () => {
		const room = new FakeLiveRoom();
		room.micOn = false;
		show(room, { handRaised: true });
		expect(buttons()).toEqual([
			['Microfoon', 'false'],
			['Kies microfoon', null],
			['Camera', 'true'],
			['Kies camera', null],
			['Scherm delen', 'false'],
			['Hand opsteken', 'true'],
			['Reageren', null],
			['Zijpaneel', 'true']
		]);
		const mic = screen.getByRole('button', { name: 'Microfoon' });
		expect(mic.classList.contains('off')).toBe(true);
		expect(mic.getAttribute('aria-keyshortcuts')).toBe('m');
		expect(screen.getByRole('button', { name: 'Camera' }).getAttribute('aria-keyshortcuts')).toBe(
			'v'
		);
		expect(
			screen.getByRole('button', { name: 'Hand opsteken' }).getAttribute('aria-keyshortcuts')
		).toBe('h');
	});

	it('clicking toggles through the room, and the pressed states follow', async () => {
		const user = userEvent.setup();
		const room = new FakeLiveRoom();
		const { onHand, onPanel } = show(room);
		await user.click(screen.getByRole('button', { name: 'Microfoon' }));
		await user.click(screen.getByRole('button', { name: 'Scherm delen' }));
		await user.click(screen.getByRole('button', { name: 'Hand opsteken' }));
		await user.click(screen.getByRole('button', { name: 'Zijpaneel' }));
		expect(room.calls.filter((c) => c.startsWith('toggle'))).toEqual(['toggleMic', 'toggleScreen']);
		expect(onHand).toHaveBeenCalledOnce();
		expect(onPanel).toHaveBeenCalledOnce();
		expect(screen.getByRole('button', { name: 'Microfoon' }).getAttribute('aria-pressed')).toBe(
			'false'
		);
		expect(screen.getByRole('button', { name: 'Scherm delen' }).getAttribute('aria-pressed')).toBe(
			'true'
		);
	});

	it('m, v and h work from anywhere on the page, but not while typing', async () => {
		const user = userEvent.setup();
		const room = new FakeLiveRoom();
		const { onHand } = show(room);
		const field = document.createElement('input');
		const area = document.createElement('textarea');
		document.body.append(field, area);
		await user.click(field);
		await user.keyboard('mvh');
		await user.click(area);
		await user.keyboard('mvh');
		expect(room.calls).toEqual([]);
		expect(onHand).not.toHaveBeenCalled();
		expect(field.value).toBe('mvh');

		field.blur();
		area.blur();
		await user.keyboard('m');
		await user.keyboard('v');
		await user.keyboard('h');
		expect(room.calls).toEqual(['toggleMic', 'toggleCamera']);
		expect(onHand).toHaveBeenCalledOnce();
		// With a modifier it is the browser's shortcut, not ours.
		await user.keyboard('{Control>}m{/Control}');
		expect(room.calls).toEqual(['toggleMic', 'toggleCamera']);
		field.remove();
		area.remove();
	});

	it('a viewer’s m and v do nothing', async () => {
		const user = userEvent.setup();
		const room = new FakeLiveRoom();
		room.canPublish = false;
		show(room);
		await user.keyboard('mv');
		expect(room.calls).toEqual([]);
	});

	it('the device menu lists the cameras when opened and switches to the chosen one', async () => {
		const user = userEvent.setup();
		const room = new FakeLiveRoom();
		room.cameras = [
			device('videoinput', 'cam-1', 'Ingebouwd'),
			device('videoinput', 'cam-2', 'USB')
		];
		show(room);
		expect(room.calls).toEqual([]);
		await user.click(screen.getByRole('button', { name: 'Kies camera' }));
		const usb = await screen.findByRole('menuitemradio', { name: 'USB' });
		expect(room.calls).toEqual(['devices:videoinput']);
		await user.click(usb);
		expect(room.calls).toContain('useDevice:videoinput:cam-2');
	});

	it('reactions come from a menu with named emoji', async () => {
		const user = userEvent.setup();
		const room = new FakeLiveRoom();
		const { onReact } = show(room);
		await user.click(screen.getByRole('button', { name: 'Reageren' }));
		await user.click(await screen.findByRole('menuitem', { name: 'Applaus' }));
		expect(onReact).toHaveBeenCalledWith('👏');
	});

	it('in English', () => {
		useLocale('en');
		const room = new FakeLiveRoom();
		show(room);
		expect(
			within(screen.getByRole('toolbar', { name: 'Controls' }))
				.getAllByRole('button')
				.map((b) => b.getAttribute('aria-label') ?? b.textContent?.trim())
		).toEqual([
			'Microphone',
			'Choose microphone',
			'Camera',
			'Choose camera',
			'Share screen',
			'Raise hand',
			'React',
			'Side panel'
		]);
	});
});
