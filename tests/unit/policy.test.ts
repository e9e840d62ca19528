import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
	actions,
	can,
	permissionTable,
	roleKeys,
	rolesOf,
	type Action,
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

/**
 * The matrix, written out by hand: one letter per role in the order of `ROLES` below, Y for
 * allowed and a dot for refused; `open` for events with open access, `closed` for registered and
 * invite-only events. Deliberately not derived from PERMISSIONS: a wrong edit there must fail.
 */
const ROLES = [
	'anonymous',
	'guest',
	'attendee',
	'speaker',
	'session-moderator',
	'event-moderator',
	'admin'
] as const;
const MATRIX: Record<string, { open: string; closed: string }> = {
	'programme.view': { open: 'YYYYYYY', closed: 'YYYYYYY' },
	'session.watch': { open: 'YYYYYYY', closed: '..YYYYY' },
	'session.join': { open: '.YYYYYY', closed: '..YYYYY' },
	'session.publish': { open: '...YYYY', closed: '...YYYY' },
	'session.moderate': { open: '....YYY', closed: '....YYY' },
	'round.signup': { open: '..YYYYY', closed: '..YYYYY' },
	'chat.send': { open: '.YYYYYY', closed: '..YYYYY' },
	'chat.moderate': { open: '....YYY', closed: '....YYY' },
	'announcement.post': { open: '.....YY', closed: '.....YY' },
	'profile.edit': { open: '.YYYYYY', closed: '.YYYYYY' },
	'account.delete': { open: '.YYYYYY', closed: '.YYYYYY' },
	'dossier.review': { open: '.....YY', closed: '.....YY' },
	'recording.manage': { open: '....YYY', closed: '....YYY' },
	'admin.view': { open: '......Y', closed: '......Y' },
	'invite.create': { open: '......Y', closed: '......Y' },
	'programme.edit': { open: '......Y', closed: '......Y' }
};

describe('the policy', () => {
	it('has exactly the actions and roles the matrix below lists', () => {
		expect([...actions].sort()).toEqual(Object.keys(MATRIX).sort());
		expect([...roleKeys]).toEqual([...ROLES]);
	});

	it.each(['open', 'registered', 'invite'] as const)(
		'decides every action × role as the written-out matrix says (%s event)',
		(access) => {
			for (const [action, row] of Object.entries(MATRIX)) {
				const cells = access === 'open' ? row.open : row.closed;
				ROLES.forEach((role, i) => {
					expect(
						can(actors[role], action as Action, { access, session: SESSION }),
						`${action} × ${role} (${access})`
					).toBe(cells[i] === 'Y');
				});
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
