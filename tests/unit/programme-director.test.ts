import { describe, expect, it, vi } from 'vitest';
import { ProgrammeDirector } from '../../src/lib/client/programme-director.svelte.ts';
import type { Realtime } from '../../src/lib/client/realtime.svelte.ts';
import type { Destination } from '../../src/lib/shared/realtime/protocol.ts';
import { fakeTransport } from '../support/fake-transport.ts';

/*
 * ProgrammeDirector against a realtime connection in memory. The conductor's real moves through
 * Socket.IO: tests/integration/room-close.test.ts and tests/e2e/rooms.clock.spec.ts.
 */

const welcome = { id: 'a-1', text: 'Welkom!', from: 'Organisatie', expiresAt: 1_700_000_000_000 };
const pause = {
	id: 'a-2',
	text: 'Pauze tot 20:30',
	from: 'Organisatie',
	expiresAt: 1_700_000_600_000
};

function setup(room?: string, destination?: Destination) {
	const server = fakeTransport({
		'announcement:list': () => ({ ok: true, announcements: [welcome] }),
		'room:where': () => ({ ok: true, destination })
	});
	const moves: Destination[] = [];
	const director = new ProgrammeDirector(
		server.transport as unknown as Realtime,
		(to) => moves.push(to),
		() => room
	);
	const stop = director.start();
	return { server, director, moves, stop };
}

describe('ProgrammeDirector', () => {
	it('on connect: fetches the announcements that are still shown', async () => {
		const { director, server } = setup();
		await vi.waitFor(() => expect(director.announcements).toEqual([welcome]));
		expect(server.sent('announcement:list')).toEqual([{}]);
	});

	it('adds a new announcement to those shown', async () => {
		const { director, server } = setup();
		await vi.waitFor(() => expect(director.announcements).toHaveLength(1));
		server.emit('announcement', pause);
		expect(director.announcements).toEqual([welcome, pause]);
	});

	it('keeps the countdowns of a round and of a closing room, and a place from the waitlist', () => {
		const { director, server } = setup();
		server.emit('round:countdown', { round: 'ronde-1', startsAt: 1_642_440_060_000 });
		server.emit('room:closing', { session: 'zaal-a', closesAt: 1_642_440_030_000 });
		server.emit('round:placed', { round: 'ronde-1', session: 'wijkwerkplaats' });
		expect(director.countdown).toEqual({ round: 'ronde-1', startsAt: 1_642_440_060_000 });
		expect(director.closing).toEqual({ session: 'zaal-a', closesAt: 1_642_440_030_000 });
		expect(director.placed).toEqual({ round: 'ronde-1', session: 'wijkwerkplaats' });
	});

	it('a move goes where it says and ends the countdowns', () => {
		const { director, server, moves } = setup('zaal-a');
		server.emit('round:countdown', { round: 'ronde-1', startsAt: 1 });
		server.emit('room:closing', { session: 'zaal-a', closesAt: 2 });
		server.emit('room:move', {
			destination: { kind: 'session', session: 'wijkwerkplaats' },
			reason: 'round-start'
		});
		expect(moves).toEqual([{ kind: 'session', session: 'wijkwerkplaats' }]);
		expect(director.countdown).toBeUndefined();
		expect(director.closing).toBeUndefined();
	});

	it("remembers which round's end brought it back to the programme, and no other move", () => {
		const { director, server, moves } = setup('toolkit-energietransitie');
		server.emit('room:move', {
			destination: { kind: 'lobby' },
			reason: 'round-end',
			round: 'ronde-1'
		});
		expect(moves).toEqual([{ kind: 'lobby' }]);
		expect(director.returnedFrom).toBe('ronde-1');
		server.emit('room:move', { destination: { kind: 'lobby' }, reason: 'closed' });
		expect(director.returnedFrom).toBeUndefined();
	});

	it("a plenary's countdown names it; its start takes the tab along unless it is already there", () => {
		const { director, server, moves } = setup('plenaire-opening');
		server.emit('round:countdown', { session: 'plenaire-opening', startsAt: 5 });
		expect(director.countdown).toEqual({ session: 'plenaire-opening', startsAt: 5 });
		server.emit('room:move', {
			destination: { kind: 'session', session: 'plenaire-opening' },
			reason: 'plenary-start'
		});
		expect(moves).toEqual([]);
		expect(director.countdown).toBeUndefined();
	});

	it('after a reconnect in a room: asks where to be, and follows a move it missed', async () => {
		const { server, moves } = setup('zaal-a', { kind: 'session', session: 'wijkwerkplaats' });
		await vi.waitFor(() => expect(server.sent('announcement:list')).toHaveLength(1));
		// The first connect is the page opening: nothing was missed.
		expect(server.sent('room:where')).toEqual([]);
		server.reconnect();
		await vi.waitFor(() => expect(moves).toEqual([{ kind: 'session', session: 'wijkwerkplaats' }]));
		expect(server.sent('room:where')).toEqual([{}]);
		expect(server.sent('announcement:list')).toHaveLength(2);
	});

	it('after a reconnect: stays when the programme wants it in this room or in the lobby', async () => {
		const { server, moves } = setup('zaal-a', { kind: 'session', session: 'zaal-a' });
		server.reconnect();
		server.answers['room:where'] = () => ({ ok: true, destination: { kind: 'lobby' } });
		server.reconnect();
		// A later catch-up that does move shows the earlier ones are done.
		server.answers['room:where'] = () => ({
			ok: true,
			destination: { kind: 'session', session: 'wijkwerkplaats' }
		});
		server.reconnect();
		await vi.waitFor(() => expect(moves).toHaveLength(1));
		expect(server.sent('room:where')).toHaveLength(3);
		expect(moves).toEqual([{ kind: 'session', session: 'wijkwerkplaats' }]);
	});

	it('outside a room page a reconnect asks nothing', async () => {
		const { server } = setup(undefined, { kind: 'session', session: 'wijkwerkplaats' });
		server.reconnect();
		await vi.waitFor(() => expect(server.sent('announcement:list')).toHaveLength(2));
		expect(server.sent('room:where')).toEqual([]);
	});

	it('stopping ends every subscription', () => {
		const { director, server, moves, stop } = setup('zaal-a');
		stop();
		expect(server.listening()).toBe(0);
		server.emit('room:move', { destination: { kind: 'lobby' }, reason: 'closed' });
		server.emit('round:countdown', { round: 'ronde-1', startsAt: 1 });
		expect(moves).toEqual([]);
		expect(director.countdown).toBeUndefined();
	});
});
