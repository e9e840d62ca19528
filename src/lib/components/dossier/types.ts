/** A pending tip as the review page shows it: never the sender's address, only whether one was given. */
export interface ReviewTip {
	id: string;
	url: string;
	note?: string;
	createdAt: string;
	hasEmail: boolean;
	/** The published item with the same link, if any (see linkKey). */
	duplicate?: { id: string; title: string };
}

/** A refused review action, shown beside the tip it was about. */
export interface ReviewFailure {
	action: 'approve' | 'reject' | 'merge';
	errors: Partial<Record<string, string>>;
	values?: Record<string, string>;
	lists?: { themes: string[]; sessions: string[] };
}
