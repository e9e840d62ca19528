/** What the programme shows about round sign-up: the viewer's choices and each session's load. */
export interface SignupView {
	canSignUp: boolean;
	placements: Record<
		string,
		| { status: 'placed'; session: string }
		| { status: 'waitlisted'; session: string; position: number }
	>;
	loads: Record<string, { placed: number; waiting: number; capacity: number }>;
	/** How many people are in each live session's room right now. */
	present: Record<string, number>;
}
