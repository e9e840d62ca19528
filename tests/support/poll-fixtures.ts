import type { Poll } from '../../src/lib/shared/polls/schema.ts';

export const POLL_ID = '00000000-0000-4000-8000-000000000001';

/** An open poll of the opening plenary with two choices, for unit and component tests. */
export const testPoll = (over: Partial<Poll> = {}): Poll => ({
	id: POLL_ID,
	session: 'plenaire-opening',
	question: 'Waar begint u?',
	options: [
		{ id: 'o1', label: 'Wonen' },
		{ id: 'o2', label: 'Energie' }
	],
	multiple: false,
	other: false,
	anonymous: true,
	results: 'live',
	status: 'open',
	revealed: false,
	createdAt: 0,
	...over
});
