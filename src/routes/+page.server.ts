import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { policyContext, requireActor } from '$lib/server/auth/guard';
import { formFailure } from '$lib/server/form-failure';
import { signUp, type Placement, type SessionLoad } from '$lib/server/round-signup';
import { getServices } from '$lib/server/services';
import { can } from '$lib/shared/policy';
import { sessionStatus } from '$lib/shared/programme';
import type { SignupView } from '$lib/components/signup-view';
import type { Actions, PageServerLoad } from './$types';
import { readForm } from '$lib/server/read-form';

export const load: PageServerLoad = async ({ locals, depends }) => {
	depends('plenair:presence');
	const { event, signup, presence, clock } = getServices();
	// Every open programme page reads this every 15 s: a few pipelined round trips, not one per
	// session and round.
	const rounds = event.rounds.filter((r) => r.signup);
	const inRounds = event.sessions.filter((s) => rounds.some((r) => r.id === s.round));
	const live = event.sessions
		.filter((s) => sessionStatus(s, clock.now()) === 'live')
		.map((s) => s.id);
	const [sessionLoads, mine, present] = await Promise.all([
		signup.loads(inRounds.map((s) => ({ round: s.round!, session: s.id }))),
		locals.actor
			? signup.placementsOf(
					rounds.map((r) => r.id),
					locals.actor.id
				)
			: [],
		presence.counts(live)
	]);
	const loads: Record<string, SessionLoad> = Object.fromEntries(
		inRounds.map((s, i) => [s.id, sessionLoads[i]])
	);
	const placements: Record<string, Placement> = {};
	rounds.forEach((round, i) => {
		if (mine[i]) placements[round.id] = mine[i];
	});
	const viewer: SignupView['viewer'] = !locals.actor
		? 'anonymous'
		: locals.actor.guest
			? 'guest'
			: 'member';
	return {
		loads,
		placements,
		present,
		canSignUp: can(locals.actor, 'round.signup', policyContext(event)),
		viewer,
		guestsWelcome: event.event.access === 'open'
	};
};

const Choice = z.object({
	round: z.string().max(100).optional(),
	session: z.string().max(100).optional()
});

export const actions: Actions = {
	/**
	 * Choose (or switch to) a session of a round; a full session puts you on its waitlist. The
	 * rules are `signUp`'s, the same door the token endpoint uses.
	 */
	choose: async ({ locals, request }) => {
		const services = getServices();
		const { event } = services;
		const actor = requireActor(locals.actor, 'round.signup', policyContext(event));
		const parsed = Choice.safeParse(await readForm(request));
		const session = parsed.success
			? event.sessions.find((s) => s.id === parsed.data.session)
			: undefined;
		const round = event.rounds.find((r) => r.signup && r.id === session?.round);
		if (!session || !round) return formFailure(400, { errors: { form: 'form_invalid' } });
		const placement = await signUp(services, actor, round, session);
		if (placement.status === 'over') error(410, 'This round is over.');
		if (placement.status === 'forbidden') error(403, 'You may not sign up for sessions.');
		return { placement };
	},
	leave: async ({ locals, request }) => {
		const { event, signup, realtime } = getServices();
		const actor = requireActor(locals.actor, 'round.signup', policyContext(event));
		const parsed = Choice.safeParse(await readForm(request));
		const round = parsed.success
			? event.rounds.find((r) => r.signup && r.id === parsed.data.round)
			: undefined;
		if (!round) return formFailure(400, { errors: { form: 'form_invalid' } });
		const previous = await signup.placementOf(round.id, actor.id);
		const { promoted } = await signup.leave(round.id, actor.id);
		if (promoted && previous)
			realtime?.toUser(promoted, 'round:placed', { round: round.id, session: previous.session });
		return { left: true };
	}
};
