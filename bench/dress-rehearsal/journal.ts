/*
 * What the simulated attendees saw and did, in real milliseconds (Date.now()). The report reads
 * only this journal and Redis, never the app's own account of itself.
 */

/** Where an attendee is: the programme page ('lobby'), a session's room, or not connected. */
export type Location = 'lobby' | `session:${string}`;

export interface Journal {
	/** Every change of where someone is (the room page entered, or back on the programme). */
	locations: { attendee: number; at: number; location: Location }[];
	moves: { attendee: number; at: number; reason: string; round?: string; to: Location }[];
	signups: {
		attendee: number;
		round: string;
		session: string;
		sentAt: number;
		ackedAt: number;
		status: 'placed' | 'waitlisted' | 'failed';
	}[];
	cancels: { attendee: number; round: string; at: number }[];
	promotions: { attendee: number; round: string; session: string; at: number }[];
	chatSent: { attendee: number; room: string; id: string; sentAt: number; ackedAt: number }[];
	/** One chat panel's life: from its join to its close, and every message id it held. */
	chatStays: {
		attendee: number;
		room: string;
		joinedAt: number;
		leftAt: number;
		seen: Set<string>;
	}[];
	boards: { attendee: number; session: string; version: number; digest: string; at: number }[];
	tokens: { attendee: number; session: string; ok: boolean; status: number; at: number }[];
	disconnects: { attendee: number; at: number; reason: string }[];
	/** After a (re)connect: room:where answered and the attendee is where it said. */
	resyncs: { attendee: number; at: number }[];
	media: { attendee: number; session: string; at: number; event: 'connected' | 'lost' | 'left' }[];
	errors: { attendee: number; at: number; what: string }[];
}

export function newJournal(): Journal {
	return {
		locations: [],
		moves: [],
		signups: [],
		cancels: [],
		promotions: [],
		chatSent: [],
		chatStays: [],
		boards: [],
		tokens: [],
		disconnects: [],
		resyncs: [],
		media: [],
		errors: []
	};
}
