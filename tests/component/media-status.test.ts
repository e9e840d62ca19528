import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { LiveRoom } from '../../src/lib/client/live-room.svelte.ts';
import MediaStatus from '../../src/lib/components/room/MediaStatus.svelte';

/** The part of LiveRoom that MediaStatus reads, as a plain snapshot. */
function show(state: Partial<LiveRoom>) {
	const room = {
		phase: 'connected',
		mode: 'backstage',
		canPublish: false,
		live: false,
		audioBlocked: false,
		deviceNotice: undefined,
		preview: undefined,
		startAudio: vi.fn(async () => undefined),
		...state
	};
	render(MediaStatus, { room: room as unknown as LiveRoom });
	return room;
}

const BACKSTAGE = 'Je staat backstage — nog niet live.';

describe('MediaStatus', () => {
	it('backstage: says so, and never "live"', () => {
		show({});
		expect(screen.getByText(BACKSTAGE, { exact: false })).toBeTruthy();
		expect(screen.queryByText('Je bent live')).toBeNull();
	});

	it('on stage and live: the badge, and no word of backstage', () => {
		show({ canPublish: true, live: true });
		expect(screen.getByText('Je bent live')).toBeTruthy();
		expect(screen.queryByText(BACKSTAGE, { exact: false })).toBeNull();
	});

	it('on stage with everything off: not live, not backstage, told how to go live', () => {
		show({ canPublish: true, live: false });
		expect(screen.queryByText('Je bent live')).toBeNull();
		expect(screen.queryByText(BACKSTAGE, { exact: false })).toBeNull();
		expect(screen.getByText(/Zet je camera of microfoon aan om live te gaan/)).toBeTruthy();
	});

	it('a participant or moderator with a device on in a room: live', () => {
		show({ mode: 'moderator', canPublish: true, live: true });
		expect(screen.getByText('Je bent live')).toBeTruthy();
	});

	it('blocked sound: a button that starts it', async () => {
		const user = userEvent.setup();
		const room = show({ mode: 'viewer', audioBlocked: true });
		await user.click(screen.getByRole('button', { name: 'Klik om geluid aan te zetten' }));
		expect(room.startAudio).toHaveBeenCalledTimes(1);
	});

	it('a microphone that went away: the person is told the default took over', () => {
		show({ mode: 'participant', canPublish: true, deviceNotice: 'mic-fallback' });
		expect(screen.getByRole('status').textContent).toContain(
			'Je microfoon is niet meer beschikbaar; we gebruiken nu de standaardmicrofoon.'
		);
	});
});
