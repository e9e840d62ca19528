import type { Tile } from '../../../src/lib/client/live-room.svelte.ts';
import { render } from '@testing-library/svelte';
import type { Component } from 'svelte';
import type { Realtime } from '../../../src/lib/client/realtime.svelte.ts';
import type { ServerClock } from '../../../src/lib/client/server-clock.svelte.ts';
import { setLocale } from '../../../src/lib/paraglide/runtime.js';
import type { Session } from '../../../src/lib/shared/event-schema.ts';
import { fakeTransport } from '../../support/fake-transport.ts';
import Harness from './Harness.svelte';

/** The language the page is read in, the way the app sets it: the PARAGLIDE_LOCALE cookie. */
export function useLocale(locale: 'nl' | 'en'): void {
	void setLocale(locale, { reload: false });
}

/** fakeTransport, typed as the browser's Realtime that components take from context. */
export function fakeRealtime(...args: Parameters<typeof fakeTransport>) {
	const fake = fakeTransport(...args);
	return { ...fake, realtime: fake.transport as unknown as Realtime };
}

/** Renders a component inside the context the root layout provides. */
export function renderWith<Props extends Record<string, unknown>>(
	component: Component<Props>,
	props: NoInfer<Props>,
	context: { realtime?: Realtime; clock?: ServerClock } = {}
) {
	return render(Harness, {
		props: { component: component as Component<Record<string, unknown>>, props, ...context }
	});
}

export { chatMessage } from '../../support/chat-fixtures.ts';

/** A promise the test settles by hand, to see what the page shows while it waits. */
export function deferred<T>() {
	let resolve!: (value: T) => void;
	const promise = new Promise<T>((res) => (resolve = res));
	return { promise, resolve };
}

/** A session of the programme with only what the components read filled in. */
export function session(
	id: string,
	title: Session['title'],
	extra: Partial<Session> = {}
): Session {
	return {
		id,
		kind: 'breakout',
		title,
		description: 'Omschrijving',
		start: '2022-01-17T19:30:00+01:00',
		end: '2022-01-17T20:15:00+01:00',
		room: `room-${id}`,
		hosts: [],
		speakers: [],
		resources: [],
		record: false,
		...extra
	};
}

/** A person as the room's video stage and people list see them (no media unless given). */
export function tile(name: string, over: Partial<Tile> = {}): Tile {
	return {
		identity: `id-${name}`,
		name,
		local: false,
		speaking: false,
		quality: 'good',
		tracks: [],
		...over
	};
}
