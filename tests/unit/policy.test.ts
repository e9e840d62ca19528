import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
	actions,
	can,
	permissionTable,
	PERMISSIONS,
	roleKeys,
	rolesOf,
	type Actor,
	type RoleKey
} from '../../src/lib/shared/policy.ts';

const SESSION = { id: 'plenaire-opening', kind: 'plenary' as const };
const member = (grants: Actor['grants'] = []): Actor => ({
	id: 'u',
	name: 'U',
	guest: false,
	grants
});

/** One actor per role, as seen from SESSION. */
const actors: Record<RoleKey, Actor | null> = {
	anonymous: null,
	guest: { id: 'g', name: 'G', guest: true, grants: [] },
	attendee: member(),
	speaker: member([{ role: 'speaker', session: SESSION.id }]),
	'session-moderator': member([{ role: 'moderator', session: SESSION.id }]),
	'event-moderator': member([{ role: 'moderator' }]),
	admin: member([{ role: 'admin' }])
};

describe('the policy', () => {
	it.each(['open', 'registered', 'invite'] as const)(
		'decides every action × role as the matrix says (%s event)',
		(access) => {
			for (const action of actions) {
				const permission: { roles: readonly RoleKey[]; alsoWhenOpen?: readonly RoleKey[] } =
					PERMISSIONS[action];
				for (const role of roleKeys) {
					const expected =
						permission.roles.includes(role) ||
						(access === 'open' && (permission.alsoWhenOpen ?? []).includes(role));
					expect(
						can(actors[role], action, { access, session: SESSION }),
						`${action} × ${role}`
					).toBe(expected);
				}
			}
		}
	);

	it('gives speakers and session moderators power only in their own session', () => {
		const other = {
			access: 'registered' as const,
			session: { id: 'plenaire-afsluiting', kind: 'plenary' as const }
		};
		expect(can(actors.speaker, 'session.publish', other)).toBe(false);
		expect(can(actors['session-moderator'], 'session.moderate', other)).toBe(false);
		expect(can(actors['event-moderator'], 'session.moderate', other)).toBe(true);
		expect([...rolesOf(actors.speaker, 'plenaire-afsluiting')]).toEqual(['attendee']);
	});

	it('never lets a guest hold a role, whatever grants it carries', () => {
		const forged: Actor = { id: 'x', name: 'X', guest: true, grants: [{ role: 'admin' }] };
		expect(can(forged, 'admin.view', { access: 'open' })).toBe(false);
	});

	it('is documented in docs/security.md exactly as coded', () => {
		expect(readFileSync('docs/security.md', 'utf8')).toContain(permissionTable());
	});
});
