import type { ConnectionPhase } from '../../../src/lib/client/live-room.svelte.ts';

/**
 * What ControlBar reads and calls of a LiveRoom, as Svelte state the test sets directly. The
 * toggles flip their flag like LiveRoom does once LiveKit confirms; every call is recorded.
 */
export class FakeLiveRoom {
	phase = $state<ConnectionPhase>('connected');
	canPublish = $state(true);
	micOn = $state(true);
	camOn = $state(true);
	screenOn = $state(false);
	calls: string[] = [];
	cameras: MediaDeviceInfo[] = [];
	microphones: MediaDeviceInfo[] = [];

	async toggleMic() {
		this.calls.push('toggleMic');
		this.micOn = !this.micOn;
	}
	async toggleCamera() {
		this.calls.push('toggleCamera');
		this.camOn = !this.camOn;
	}
	async toggleScreen() {
		this.calls.push('toggleScreen');
		this.screenOn = !this.screenOn;
	}
	async devices(kind: MediaDeviceKind) {
		this.calls.push(`devices:${kind}`);
		return kind === 'videoinput' ? this.cameras : this.microphones;
	}
	async useDevice(kind: MediaDeviceKind, deviceId: string) {
		this.calls.push(`useDevice:${kind}:${deviceId}`);
	}
}

export function device(kind: MediaDeviceKind, deviceId: string, label: string): MediaDeviceInfo {
	return { kind, deviceId, label, groupId: 'g', toJSON: () => ({}) };
}
