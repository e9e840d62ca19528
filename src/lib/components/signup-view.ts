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
	/** Who is looking: nobody signed in, a guest, or a member (who may or may not sign up). */
	viewer: 'anonymous' | 'guest' | 'member';
	/** The event lets people in as guests with only a name (`access: open`). */
	guestsWelcome: boolean;
}
