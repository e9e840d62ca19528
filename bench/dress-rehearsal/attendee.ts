import { createHash } from 'node:crypto';
import { unflatten } from 'devalue';
import type { Redis } from 'ioredis';
import { ChatSync } from '../../src/lib/client/chat-sync.ts';
import { BoardSync, newId } from '../../src/lib/shared/board/sync.ts';
import type { Board } from '../../src/lib/shared/board/schema.ts';
import type { EventFile, Session } from '../../src/lib/shared/event-schema.ts';
import { sessionStatus } from '../../src/lib/shared/programme.ts';
import type { Destination } from '../../src/lib/shared/realtime/protocol.ts';
import { MailSchema } from '../../src/lib/server/mail/mailer.ts';
import { mailKeys } from '../../src/lib/server/redis-keys.ts';
import { linkTokenIn } from '../../tests/support/http.ts';
import { TestClient } from '../../tests/support/realtime-client.ts';
import { BrowserHttp } from './browser-http.ts';
import type { Journal, Location } from './journal.ts';
import type { MediaLink, RoomGrant } from './media.ts';
import type { AttendeePlan, RehearsalWindow } from './plan.ts';

/** What every attendee shares: the front address, the programme, the clock and the journal. */
export interface Venue {
	url: string;
	event: EventFile;
	/** The programme's now, from the same three settings the nodes run on. */
	now(): number;
	/** The real instant (ms) at which the programme reaches `at`. */
	realTimeOf(at: number): number;
	journal: Journal;
	/** The programme window the rehearsal plays. */
	window: RehearsalWindow;
	/** The shared Redis, only to read the development outbox (sign-in links). */
	redis: Redis;
	redisUrl: string;
	/** Chat messages per person per real minute while in a room. */
	chatPerMinute: number;
	/** LiveKit for the media sample (absent: no one joins LiveKit). */
	media?: (attendee: number) => MediaLink;
}

const ACTIVITY_MS = 2000;

/** A chat panel while it is open, and when its join was answered. */
interface OpenChat {
	sync: ChatSync;
	stop: () => void;
	joinedAt?: number;
}
const locationOf = (d: Destination | undefined): Location | undefined =>
	d === undefined ? undefined : d.kind === 'lobby' ? 'lobby' : `session:${d.session}`;

/**
 * One simulated attendee, speaking HTTP and Socket.IO as the browser does: signs in, loads the
 * page, signs up for rounds, follows the countdown and every move (and asks 'room:where' after
 * each connect), enters rooms (room:enter, a LiveKit token, the chat, the board), chats, votes,
 * reloads, and leaves.
 */
export class SimulatedAttendee {
	readonly plan: AttendeePlan;
	userId: string | undefined;
	location: Location = 'lobby';
	gone = false;
	#venue: Venue;
	readonly #http: BrowserHttp;
	#client: TestClient | undefined;
	#chat: OpenChat | undefined;
	#board: { sync: BoardSync; stop: () => void } | undefined;
	#media: MediaLink | undefined;
	/** The evening's plan, on the real clock. */
	#timers: NodeJS.Timeout[] = [];
	/** The next look at the room: write, add a note, vote. */
	#tick: NodeJS.Timeout | undefined;
	#moving: Promise<void> = Promise.resolve();
	#arrival: Promise<void> | undefined;
	/** The page that was open when it reloaded: where the person returns unless sent elsewhere. */
	#reloadedFrom: Location | undefined;
	#notes = 0;
	#votes = 0;

	constructor(plan: AttendeePlan, venue: Venue) {
		this.plan = plan;
		this.#venue = venue;
		this.#http = new BrowserHttp(venue.url);
	}

	/** Schedules the whole evening of this person on the real clock. */
	schedule(): void {
		const { plan } = this;
		this.#at(plan.arriveAt, () => (this.#arrival = this.#arrive()));
		for (const choice of plan.choices)
			this.#at(choice.at, () => this.#choose(choice.round, choice.session));
		if (plan.cancel) {
			const { round, at } = plan.cancel;
			this.#at(at, () => this.#cancel(round));
		}
		if (plan.reloadAt) this.#at(plan.reloadAt, () => this.#reload());
		if (plan.leaveAt) this.#at(plan.leaveAt, () => this.leave());
	}

	/** Closes the tab: the chat panel's stay ends, the connection closes. */
	async leave(): Promise<void> {
		if (this.gone) return;
		this.gone = true;
		this.#timers.forEach((t) => clearTimeout(t));
		clearTimeout(this.#tick);
		await this.#moving;
		await this.#exitRoom();
		this.#client?.close();
		this.#http.close();
	}

	#at(programmeAt: number, run: () => Promise<void> | void): void {
		const delay = Math.max(0, this.#venue.realTimeOf(programmeAt) - Date.now());
		this.#timers.push(
			setTimeout(() => {
				if (!this.gone) void Promise.resolve(run()).catch((e: Error) => this.#error(e.message));
			}, delay)
		);
	}

	#error(what: string): void {
		this.#venue.journal.errors.push({ attendee: this.plan.index, at: Date.now(), what });
	}

	async #arrive(): Promise<void> {
		await this.#signIn();
		await this.#loadPage();
		this.#connect();
		const tick = () => {
			if (this.gone) return;
			this.#activity();
			this.#tick = setTimeout(tick, ACTIVITY_MS * (0.5 + Math.random()));
		};
		tick();
	}

	/** A guest by name, or an account through the mailed sign-in link; leaves the cookie set. */
	async #signIn(): Promise<void> {
		const http = this.#http;
		if (this.plan.signIn === 'guest') {
			const form = new URLSearchParams({ name: this.plan.name }).toString();
			const answer = await http.send('POST', '/guest', {
				type: 'application/x-www-form-urlencoded',
				text: form
			});
			if (!answer.cookie) throw new Error(`guest: ${answer.status}`);
			http.cookie = answer.cookie;
			return;
		}
		const email = `deelnemer-${this.plan.index}@rehearsal.example`;
		const registered = await http.action('/register', { name: this.plan.name, email });
		if (registered.type !== 'success') throw new Error(`register: ${registered.status}`);
		for (let attempt = 0; attempt < 50; attempt++) {
			const mails = await this.#venue.redis.lrange(mailKeys.outbox, -200, -1);
			const mail = mails
				.map((m) => MailSchema.parse(JSON.parse(m)))
				.findLast((m) => m.to === email);
			if (mail) {
				const used = await http.action('/auth/link', { token: linkTokenIn(mail) });
				if (!http.cookie) throw new Error(`sign-in link: ${used.status}`);
				return;
			}
			await new Promise((r) => setTimeout(r, 100));
		}
		throw new Error('no sign-in mail');
	}

	/** GET the programme page's data, as the browser does on arrival and reload. */
	async #loadPage(): Promise<void> {
		const answer = await this.#http.send('GET', '/__data.json');
		if (answer.status !== 200) throw new Error(`page load: ${answer.status}`);
		const body = JSON.parse(answer.body) as { nodes: ({ data: unknown[] } | null)[] };
		const layout = unflatten(body.nodes[0]!.data) as { viewer?: { id: string } };
		this.userId = layout.viewer?.id;
	}

	#connect(): void {
		const { journal } = this.#venue;
		const me = this.plan.index;
		const client = new TestClient(this.#venue.url, this.#http.cookie);
		this.#client = client;
		client.on('room:move', ({ destination, reason, round }) => {
			const to = locationOf(destination)!;
			journal.moves.push({ attendee: me, at: Date.now(), reason, round, to });
			void this.#goTo(to);
		});
		client.on('room:media-rejoin', ({ session }) => {
			if (this.location === `session:${session}`) this.#media?.rejoin();
		});
		client.on('round:placed', ({ round, session }) =>
			journal.promotions.push({ attendee: me, round, session, at: Date.now() })
		);
		client.socket.on('disconnect', (reason) => {
			// Closing the tab or reloading is not a dropped connection.
			if (!this.gone && client === this.#client && reason !== 'io client disconnect')
				journal.disconnects.push({ attendee: me, at: Date.now(), reason });
		});
		client.onConnect(() => void this.#resync(client));
	}

	/** After every connect: where should I be? A move missed while away lands here. */
	async #resync(client: TestClient): Promise<void> {
		const where = await client.request('room:where', {});
		if (client !== this.#client || this.gone) return;
		const wanted = where.ok ? locationOf(where.destination) : undefined;
		await this.#goTo(wanted ?? this.#ownChoice(), true);
		this.#venue.journal.resyncs.push({ attendee: this.plan.index, at: Date.now() });
	}

	/**
	 * Where a person goes when the programme sends them nowhere: the room they were in (a
	 * reload keeps the page), else a livecast or plenary that is on.
	 */
	#ownChoice(): Location {
		const now = this.#venue.now();
		const on = (s: Session | undefined) => s && sessionStatus(s, now) === 'live';
		const page = this.#reloadedFrom ?? this.location;
		const current = this.#venue.event.sessions.find((s) => `session:${s.id}` === page);
		if (on(current)) return page;
		const watchable = this.#venue.event.sessions.filter(
			(s) => (s.kind === 'livecast' || s.kind === 'plenary') && on(s)
		);
		const pick = watchable[this.plan.index % Math.max(1, watchable.length)];
		return pick ? `session:${pick.id}` : 'lobby';
	}

	/** Moves are handled one after another, as the browser navigates one page at a time. */
	#goTo(to: Location, again = false): Promise<void> {
		this.#moving = this.#moving
			.then(() => this.#enter(to, again))
			.catch((e: Error) => this.#error(e.message));
		return this.#moving;
	}

	async #enter(to: Location, again: boolean): Promise<void> {
		if (this.gone) return;
		const client = this.#client!;
		this.#reloadedFrom = undefined;
		if (to === this.location) {
			// Still on that page after a reconnect: tell the (maybe new) node I am here; the chat
			// and the board catch up by themselves.
			if (!again) return;
			if (to !== 'lobby')
				await client.request('room:enter', { session: to.slice('session:'.length) });
			this.#venue.journal.locations.push({
				attendee: this.plan.index,
				at: Date.now(),
				location: to
			});
			return;
		}
		await this.#exitRoom();
		if (to !== 'lobby') {
			const session = to.slice('session:'.length);
			const token = await this.#token(session);
			const entered = await client.request('room:enter', { session });
			if (!entered.ok) {
				this.#error(`room:enter ${session}: ${entered.code}`);
				to = 'lobby';
			} else {
				this.#openChat(session);
				const kind = this.#venue.event.sessions.find((s) => s.id === session)?.kind;
				if (kind === 'brainstorm') this.#openBoard(session);
				if (token && this.#venue.media && this.plan.media) {
					this.#media = this.#venue.media(this.plan.index);
					void this.#media.join(session, () => this.#token(session));
				}
			}
		}
		this.location = to;
		this.#venue.journal.locations.push({ attendee: this.plan.index, at: Date.now(), location: to });
	}

	async #exitRoom(): Promise<void> {
		if (this.location === 'lobby') return;
		const session = this.location.slice('session:'.length);
		this.#closeChat();
		this.#closeBoard();
		await this.#media?.leave();
		this.#media = undefined;
		if (this.#client?.socket.connected) await this.#client.request('room:leave', { session });
	}

	/** The LiveKit token the room page asks for; refusals are journaled, not fatal. */
	async #token(session: string): Promise<RoomGrant | undefined> {
		const answer = await this.#http.send('POST', `/api/sessions/${session}/token`);
		const ok = answer.status === 200;
		this.#venue.journal.tokens.push({
			attendee: this.plan.index,
			session,
			ok,
			status: answer.status,
			at: Date.now()
		});
		return ok ? (JSON.parse(answer.body) as RoomGrant) : undefined;
	}

	#openChat(room: string): void {
		const entry: OpenChat = {
			sync: new ChatSync(room, this.#client!, undefined, () => {
				if (entry.sync.joined && entry.joinedAt === undefined) entry.joinedAt = Date.now();
			}),
			stop: () => {}
		};
		entry.stop = entry.sync.start();
		void entry.sync.sync();
		this.#chat = entry;
	}

	#closeChat(): void {
		const chat = this.#chat;
		if (!chat) return;
		this.#chat = undefined;
		chat.stop();
		if (chat.joinedAt !== undefined)
			this.#venue.journal.chatStays.push({
				attendee: this.plan.index,
				room: chat.sync.room,
				joinedAt: chat.joinedAt,
				leftAt: Date.now(),
				seen: new Set(chat.sync.messages.keys())
			});
	}

	#openBoard(session: string): void {
		const sync = new BoardSync(this.#client!, session, () => this.#venue.now());
		const stop = sync.start();
		void sync.resync();
		this.#board = { sync, stop };
	}

	#closeBoard(): void {
		const board = this.#board;
		if (!board) return;
		this.#board = undefined;
		board.stop();
		const confirmed = board.sync.confirmed;
		if (confirmed)
			this.#venue.journal.boards.push({
				attendee: this.plan.index,
				session: board.sync.session,
				version: confirmed.version,
				digest: boardDigest(confirmed),
				at: Date.now()
			});
	}

	/** What a person does every few seconds in a room: write in the chat, add a note, vote. */
	#activity(): void {
		const chat = this.#chat;
		if (chat?.sync.joined && Math.random() < (this.#venue.chatPerMinute * ACTIVITY_MS) / 60_000)
			this.#sendChat(chat.sync);
		const board = this.#board?.sync.confirmed;
		const self = this.#board?.sync.self;
		if (!board || !self || self.moderator) return;
		if (board.phase === 'collect' && this.#notes < 2 && Math.random() < 0.2) {
			this.#notes++;
			void this.#board!.sync.submit({
				type: 'add-note',
				note: newId(),
				text: `Idee ${this.plan.index}.${this.#notes}`,
				question: 0
			});
		}
		if (
			board.phase === 'vote' &&
			this.#votes < board.settings.votesPerPerson &&
			board.notes.length > 0 &&
			Math.random() < 0.3
		) {
			this.#votes++;
			const note = board.notes[Math.floor(Math.random() * board.notes.length)];
			void this.#board!.sync.submit({ type: 'vote', note: note.id, delta: 1 });
		}
	}

	#sendChat(sync: ChatSync): void {
		const sentAt = Date.now();
		const id = sync.send(
			`Bericht van ${this.plan.name} om ${new Date(this.#venue.now()).toISOString().slice(11, 16)}`
		);
		const room = sync.room;
		// ChatSync marks a message acknowledged by giving it its stream id (or by its line).
		const acked = () => !sync.pending.some((p) => p.id === id && !p.streamId);
		const check = () => {
			if (acked())
				this.#venue.journal.chatSent.push({
					attendee: this.plan.index,
					room,
					id,
					sentAt,
					ackedAt: Date.now()
				});
			else if (this.#chat?.sync === sync) setTimeout(check, 20);
		};
		setTimeout(check, 20);
	}

	async #choose(round: string, session: string): Promise<void> {
		// One can sign up only on a page that has loaded (signed in).
		await this.#arrival;
		const sentAt = Date.now();
		const result = await this.#http.action('/?/choose', { session });
		const status =
			result.type !== 'success'
				? 'failed'
				: result.data.includes('waitlisted')
					? 'waitlisted'
					: 'placed';
		this.#venue.journal.signups.push({
			attendee: this.plan.index,
			round,
			session,
			sentAt,
			ackedAt: Date.now(),
			status
		});
	}

	async #cancel(round: string): Promise<void> {
		await this.#arrival;
		const at = Date.now();
		const result = await this.#http.action('/?/leave', { round });
		if (result.type === 'success')
			this.#venue.journal.cancels.push({ attendee: this.plan.index, round, at });
	}

	/** A page reload: the old connection and panels go, a new page loads and connects. */
	async #reload(): Promise<void> {
		// A page that has not finished loading the first time cannot be reloaded yet.
		await this.#arrival;
		await this.#moving;
		this.#closeChat();
		this.#closeBoard();
		await this.#media?.leave();
		this.#media = undefined;
		this.#client?.close();
		// The server sees the connection go; the new page starts on no room.
		this.#reloadedFrom = this.location;
		this.location = 'lobby';
		await this.#loadPage();
		this.#connect();
	}
}

/** The board's shared content, for comparing what clients end with. */
export function boardDigest(board: Board): string {
	const { version, phase, notes, groups, votes } = board;
	return createHash('sha256')
		.update(JSON.stringify({ version, phase, notes, groups, votes }))
		.digest('base64url')
		.slice(0, 16);
}
