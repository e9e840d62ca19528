import { RoomServiceClient } from 'livekit-server-sdk';
import type { LivekitAccess } from './services.ts';

/** The LiveKit room of a programme session; always chosen by the server, never by a client. */
export function roomNameFor(eventSlug: string, sessionId: string): string {
	return `${eventSlug}--${sessionId}`;
}

/** The built-in recorder's participant identities (hidden; never a person in lists or counts). */
export const RECORDER_IDENTITY_PREFIX = 'recorder-';
export const isRecorder = (identity: string) => identity.startsWith(RECORDER_IDENTITY_PREFIX);

export function createLivekitAccess(options: {
	url: string;
	publicUrl?: string;
	apiKey: string;
	apiSecret: string;
}): LivekitAccess {
	const httpUrl = options.url.replace(/^ws/, 'http');
	return {
		url: httpUrl,
		publicUrl: options.publicUrl ?? options.url.replace(/^http/, 'ws'),
		apiKey: options.apiKey,
		apiSecret: options.apiSecret,
		rooms: new RoomServiceClient(httpUrl, options.apiKey, options.apiSecret)
	};
}
