import { createHash } from 'node:crypto';

/**
 * Namespace of every GUID Plenair derives. Never change it: calendars and schedule consumers
 * recognise sessions by these GUIDs across exports.
 */
export const PLENAIR_NAMESPACE = '5f0e6d3c-2b7a-4c1e-9a43-8d2f61b0c7e5';

/** A name-based UUID, version 5 (RFC 9562: SHA-1 of namespace and name). */
export function uuidV5(name: string, namespace: string = PLENAIR_NAMESPACE): string {
	const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
	const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
	hash[6] = (hash[6] & 0x0f) | 0x50;
	hash[8] = (hash[8] & 0x3f) | 0x80;
	const hex = hash.subarray(0, 16).toString('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Stable per session: depends on the event and session ids only, not on time or title. */
export function sessionGuid(eventSlug: string, sessionId: string): string {
	return uuidV5(`${eventSlug}/sessions/${sessionId}`);
}

export function roomGuid(eventSlug: string, roomId: string): string {
	return uuidV5(`${eventSlug}/rooms/${roomId}`);
}

/** frab's numeric event id (a positive 31-bit integer), derived from the GUID. */
export function frabId(guid: string): number {
	return (parseInt(guid.replace(/-/g, '').slice(0, 8), 16) % 0x7ffffffe) + 1;
}
