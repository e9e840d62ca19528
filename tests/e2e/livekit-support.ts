import { expect, type Page, type Route } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { RoomServiceClient, TrackType } from 'livekit-server-sdk';
import { TEST_LIVEKIT_KEY, TEST_LIVEKIT_SECRET } from '../support/app-process.ts';

/** What the room tests read from a token answer. */
export interface TokenAnswer {
	url: string;
	room: string;
	identity: string;
}

/**
 * The e2e server's livekit-server, asked directly: the app writes its child's address to
 * runtime.json, and playwright.config.ts gives the e2e servers the known test keys.
 */
export function livekitOf(dataDir: string): { rooms: RoomServiceClient; url: string } {
	const { livekitUrl } = JSON.parse(readFileSync(`${dataDir}/runtime.json`, 'utf8')) as {
		livekitUrl?: string;
	};
	if (!livekitUrl) throw new Error(`no livekitUrl in ${dataDir}/runtime.json`);
	return {
		rooms: new RoomServiceClient(livekitUrl, TEST_LIVEKIT_KEY, TEST_LIVEKIT_SECRET),
		url: livekitUrl
	};
}

/** The identity's published tracks in a LiveKit room, or undefined when they are not in it. */
export async function tracksIn(
	rooms: RoomServiceClient,
	room: string,
	identity: string
): Promise<number | undefined> {
	const participants = await rooms.listParticipants(room).catch(() => []);
	return participants.find((p) => p.identity === identity)?.tracks.length;
}

/** The kinds of track ('AUDIO', 'VIDEO') the identity publishes, sorted; undefined when absent. */
export async function trackTypesIn(
	rooms: RoomServiceClient,
	room: string,
	identity: string
): Promise<string[] | undefined> {
	const participants = await rooms.listParticipants(room).catch(() => []);
	const person = participants.find((p) => p.identity === identity);
	return person?.tracks.map((t) => TrackType[t.type]).sort();
}

/** Polls for a while (bounded) and fails as soon as `present` holds once. */
export async function expectAbsentThroughout(
	present: () => Promise<boolean>,
	ms: number,
	what: string
) {
	const until = Date.now() + ms;
	while (Date.now() < until) {
		expect(await present(), what).toBe(false);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/** Holds the first token answer for `session` until released; later requests pass. */
export async function holdFirstToken(page: Page, session: string) {
	let release!: () => void;
	const released = new Promise<void>((resolve) => (release = resolve));
	let answered!: (answer: TokenAnswer) => void;
	const answer = new Promise<TokenAnswer>((resolve) => (answered = resolve));
	let delivered!: () => void;
	const done = new Promise<void>((resolve) => (delivered = resolve));
	let held = false;
	await page.route(`**/api/sessions/${session}/token`, async (route: Route) => {
		if (held) return route.continue();
		held = true;
		const response = await route.fetch();
		answered((await response.json()) as TokenAnswer);
		await released;
		// The page may be gone meanwhile: that is fine.
		await route.fulfill({ response }).catch(() => undefined);
		delivered();
	});
	return { answer, release, delivered: done };
}
