import { error } from '@sveltejs/kit';
import { can, type Action, type Actor, type PolicyContext } from '../../shared/policy.ts';

export { policyContext } from './policy-context.ts';

/**
 * Stops the request unless the policy allows the action: 401 when nobody is signed in,
 * 403 when the person signed in may not do it.
 */
export function authorize(
	actor: Actor | null,
	action: Action,
	context: PolicyContext
): asserts actor is Actor | null {
	if (can(actor, action, context)) return;
	if (!actor) error(401, 'Sign in to continue.');
	error(403, 'You are not allowed to do this.');
}

/** Like authorize, for actions that need someone signed in. */
export function requireActor(actor: Actor | null, action: Action, context: PolicyContext): Actor {
	authorize(actor, action, context);
	if (!actor) error(401, 'Sign in to continue.');
	return actor;
}
