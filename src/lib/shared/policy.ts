import { z } from 'zod';
import { isBroadcast, type SessionKind } from './event-schema.ts';

/**
 * The one place that decides who may do what. Pages, form actions, API routes, socket handlers
 * and LiveKit token minting all ask `can()`. docs/security.md shows the same table, generated
 * from PERMISSIONS (`npm run security-matrix`); a unit test keeps the two in step.
 */

export const GrantSchema = z
	.object({
		role: z.enum(['speaker', 'moderator', 'admin']),
		/** The programme session the role applies to; absent means the whole event. */
		session: z.string().optional()
	})
	.strict();
export type Grant = z.infer<typeof GrantSchema>;

/** Whoever makes a request: absent when nobody is signed in. */
export interface Actor {
	id: string;
	name: string;
	/** A guest joined an open event with only a display name. */
	guest: boolean;
	grants: Grant[];
}

export const roleKeys = [
	'anonymous',
	'guest',
	'attendee',
	'speaker',
	'session-moderator',
	'event-moderator',
	'admin'
] as const;
export type RoleKey = (typeof roleKeys)[number];

export type AccessMode = 'open' | 'registered' | 'invite';

interface Permission {
	description: string;
	roles: readonly RoleKey[];
	/** Extra roles allowed when the event's access mode is `open`. */
	alsoWhenOpen?: readonly RoleKey[];
}

const MEMBERS = ['attendee', 'speaker', 'session-moderator', 'event-moderator', 'admin'] as const;
const STAGE = ['speaker', 'session-moderator', 'event-moderator', 'admin'] as const;
const MODERATORS = ['session-moderator', 'event-moderator', 'admin'] as const;
const ORGANISERS = ['event-moderator', 'admin'] as const;

export const PERMISSIONS = {
	'programme.view': {
		description: 'see the programme and session pages',
		roles: ['anonymous', 'guest', ...MEMBERS]
	},
	'session.watch': {
		description: 'watch a livecast or plenary',
		roles: MEMBERS,
		alsoWhenOpen: ['anonymous', 'guest']
	},
	'session.join': {
		description: 'take part in a breakout or brainstorm room (camera, microphone)',
		roles: MEMBERS,
		alsoWhenOpen: ['guest']
	},
	'session.publish': { description: 'go on stage in a livecast or plenary', roles: STAGE },
	'session.moderate': {
		description: 'run a session: stage, mute, remove, close early',
		roles: MODERATORS
	},
	'round.signup': { description: 'choose a session of a break-out round', roles: MEMBERS },
	'chat.send': { description: 'write in a chat', roles: MEMBERS, alsoWhenOpen: ['guest'] },
	'chat.moderate': {
		description: 'delete messages, mute, ban, pin, slow mode',
		roles: MODERATORS
	},
	'announcement.post': { description: 'post a banner to every room', roles: ORGANISERS },
	'profile.edit': { description: 'edit their own profile', roles: ['guest', ...MEMBERS] },
	'account.delete': { description: 'delete their own account', roles: ['guest', ...MEMBERS] },
	'dossier.review': { description: 'approve or reject dossier tips', roles: ORGANISERS },
	'recording.manage': { description: 'start, stop and upload recordings', roles: MODERATORS },
	'admin.view': { description: 'open the admin pages', roles: ['admin'] },
	'invite.create': { description: 'create and revoke invite links', roles: ['admin'] },
	'programme.edit': {
		description: 'change the programme and the event, take back roles',
		roles: ['admin']
	}
} as const satisfies Record<string, Permission>;

export type Action = keyof typeof PERMISSIONS;
export const actions = Object.keys(PERMISSIONS) as Action[];

export interface PolicyContext {
	access: AccessMode;
	/** The programme session acted on, when there is one. */
	session?: { id: string; kind: SessionKind };
}

/** The roles an actor holds with respect to one session (or the event when none is given). */
export function rolesOf(actor: Actor | null | undefined, sessionId?: string): Set<RoleKey> {
	const roles = new Set<RoleKey>();
	if (!actor) return roles.add('anonymous');
	if (actor.guest) return roles.add('guest');
	roles.add('attendee');
	for (const grant of actor.grants) {
		if (grant.role === 'admin') roles.add('admin');
		else if (grant.role === 'moderator' && grant.session === undefined)
			roles.add('event-moderator');
		else if (grant.session !== undefined && grant.session === sessionId)
			roles.add(grant.role === 'moderator' ? 'session-moderator' : 'speaker');
	}
	return roles;
}

export function can(
	actor: Actor | null | undefined,
	action: Action,
	context: PolicyContext
): boolean {
	const permission: Permission = PERMISSIONS[action];
	const allowed = new Set<RoleKey>([
		...permission.roles,
		...(context.access === 'open' ? (permission.alsoWhenOpen ?? []) : [])
	]);
	for (const role of rolesOf(actor, context.session?.id)) if (allowed.has(role)) return true;
	return false;
}

/**
 * Who may be in a session's room, read its chat (live or replayed beside its recording) and watch
 * its recording: who may join it (breakouts, brainstorms), or watch it (livecasts, plenaries).
 */
export function presenceAction(session: { kind: SessionKind } | undefined): Action {
	return session && !isBroadcast(session.kind) ? 'session.join' : 'session.watch';
}

/** Markdown table of PERMISSIONS for docs/security.md. */
export function permissionTable(): string {
	const header = `| action | what it allows | ${roleKeys.join(' | ')} |`;
	const rule = `| --- | --- | ${roleKeys.map(() => ':-:').join(' | ')} |`;
	const rows = actions.map((action) => {
		const p: Permission = PERMISSIONS[action];
		const cells = roleKeys.map((role) =>
			p.roles.includes(role) ? 'yes' : p.alsoWhenOpen?.includes(role) ? 'open events' : '–'
		);
		return `| \`${action}\` | ${p.description} | ${cells.join(' | ')} |`;
	});
	return [header, rule, ...rows].join('\n');
}

/** The chat badge of someone in a session's room (src/lib/shared/realtime/chat.ts). */
export function chatRoleOf(
	actor: Actor | null,
	sessionId: string
): 'host' | 'moderator' | 'speaker' | undefined {
	const roles = rolesOf(actor, sessionId);
	if (roles.has('admin')) return 'host';
	if (roles.has('event-moderator') || roles.has('session-moderator')) return 'moderator';
	if (roles.has('speaker')) return 'speaker';
	return undefined;
}
