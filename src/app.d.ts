// See https://svelte.dev/docs/kit/types#app.d.ts
import type { AuthSession } from '$lib/server/auth/sessions';
import type { User } from '$lib/server/auth/users';
import type { Actor } from '$lib/shared/policy';
import type { ErrorCode } from '$lib/shared/realtime/errors';

declare global {
	namespace App {
		interface Error {
			/** English detail for logs, tests and API clients; pages show `code` translated. */
			message: string;
			/** Why, as a code the UI translates (src/lib/shared/realtime/errors.ts). */
			code?: ErrorCode;
			/** Unexpected errors: the id under which the server logged it. */
			id?: string;
		}
		interface PageState {
			/** The programme moved this person here by itself, from this path. */
			moved?: { from: string };
		}
		interface Locals {
			/** Who is signed in; null for nobody. */
			actor: Actor | null;
			user: User | null;
			authSession: AuthSession | null;
			/** Names the request in its log line and in an error's. */
			requestId?: string;
		}
	}
}

export {};
