import { BoardSync } from '../../src/lib/shared/board/sync.ts';
import type { Phase } from '../../src/lib/shared/board/schema.ts';
import type { Session } from '../../src/lib/shared/event-schema.ts';
import { registerAndSignIn } from '../../tests/support/http.ts';
import { TestClient } from '../../tests/support/realtime-client.ts';
import { boardDigest, type Venue } from './attendee.ts';

/**
 * The event moderator who runs every brainstorm board in the window: collect from the start,
 * group at 40 %, vote at 55 %, results five minutes before the end. Its board at the end is the
 * one every attendee's client must hold.
 */
export class SimulatedModerator {
	readonly finals = new Map<string, { version: number; digest: string }>();
	#client: TestClient | undefined;
	#timers: NodeJS.Timeout[] = [];
	readonly #venue: Venue;

	constructor(venue: Venue) {
		this.#venue = venue;
	}

	/** Signs in with an event-moderator invite and schedules the phases of each brainstorm. */
	async start(invite: string): Promise<void> {
		const cookie = await registerAndSignIn(
			{ url: this.#venue.url, redis: { url: this.#venue.redisUrl } },
			'moderator@rehearsal.example',
			{ invite }
		);
		this.#client = new TestClient(this.#venue.url, cookie);
		await this.#client.connected();
		const { event, window } = this.#venue;
		for (const session of event.sessions.filter(
			(s) =>
				s.kind === 'brainstorm' &&
				Date.parse(s.start) >= window.from &&
				Date.parse(s.end) <= window.to
		))
			this.#run(session);
	}

	stop(): void {
		this.#timers.forEach((t) => clearTimeout(t));
		this.#client?.close();
	}

	#run(session: Session): void {
		const start = Date.parse(session.start);
		const end = Date.parse(session.end);
		const at = (share: number) => start + share * (end - start);
		const sync = new BoardSync(this.#client!, session.id, () => this.#venue.now());
		const steps: [number, Phase][] = [
			[start + 60_000, 'collect'],
			[at(0.4), 'group'],
			[at(0.55), 'vote'],
			[end - 5 * 60_000, 'results']
		];
		let stop: (() => void) | undefined;
		this.#schedule(start, async () => {
			stop = sync.start();
			await sync.resync();
		});
		for (const [when, to] of steps)
			this.#schedule(when, async () => {
				const outcome = await sync.submit({ type: 'phase', to });
				if (!outcome.ok)
					this.#venue.journal.errors.push({
						attendee: -1,
						at: Date.now(),
						what: `phase ${to}: ${outcome.error}`
					});
			});
		// Just after the end, once every client has had the last operation: the board as it ends.
		this.#schedule(end, async () => {
			await sync.resync();
			const board = sync.confirmed;
			if (board)
				this.finals.set(session.id, { version: board.version, digest: boardDigest(board) });
			stop?.();
		});
	}

	#schedule(programmeAt: number, run: () => Promise<void>): void {
		const delay = Math.max(0, this.#venue.realTimeOf(programmeAt) - Date.now());
		this.#timers.push(setTimeout(() => void run().catch(() => {}), delay));
	}
}
