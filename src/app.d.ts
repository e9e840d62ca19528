// See https://svelte.dev/docs/kit/types#app.d.ts
import type { AuthSession } from '$lib/server/auth/sessions';
import type { User } from '$lib/server/auth/users';
import type { Actor } from '$lib/shared/policy';

declare global {
	namespace App {
		interface Error {
			message: string;
		}
		interface Locals {
			/** Who is signed in; null for nobody. */
			actor: Actor | null;
			user: User | null;
			authSession: AuthSession | null;
		}
	}
}

export {};
