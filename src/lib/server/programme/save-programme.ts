import type { EventFile } from '../../shared/event-schema.ts';
import type { Actor } from '../../shared/policy.ts';
import type { Clash } from '../../shared/programme-clashes.ts';
import { checkEdit } from '../../shared/programme-edit.ts';
import { diffSessions, type SessionsDiff } from '../interop/event-diff.ts';
import type { Services } from '../services.ts';

export type ProgrammeSave = { ok: true; version: number } | ProgrammeRefusal;

export type ProgrammeRefusal =
	/** Not a valid programme, or it makes a clash that was not there. */
	| { ok: false; reason: 'invalid'; problems: string[]; clashes: Clash[] }
	/** Someone saved since `baseVersion`: what they changed, and who. */
	| {
			ok: false;
			reason: 'stale';
			version: number;
			savedBy?: string;
			theirChanges?: SessionsDiff;
	  };

/**
 * The one way the programme is changed: checked, saved as the version after the one the editor
 * started from (a stale save is refused, with what the other person changed), written to the
 * audit log, and followed by what the change means for the live event (rescheduled
 * transitions, people told and moved).
 */
export async function saveProgramme(
	services: Services,
	actor: Actor,
	baseVersion: number,
	edit: (current: EventFile) => EventFile,
	summary: string
): Promise<ProgrammeSave> {
	const { programme, audit, clock, realtime } = services;
	const current = programme.current;
	if (current.version !== baseVersion) return stale(services, baseVersion);
	const check = checkEdit(current.event, edit(current.event));
	if (!check.ok)
		return { ok: false, reason: 'invalid', problems: check.problems, clashes: check.clashes };
	const result = await programme.save(check.event, baseVersion, actor, summary);
	if (!result.ok) return stale(services, baseVersion);
	await audit.record({
		at: clock.now(),
		action: 'programme.save',
		actorId: actor.id,
		actorName: actor.name,
		target: `programme version ${result.stored.version}`,
		detail: summary
	});
	await realtime?.programmeChanged(current.event, check.event);
	return { ok: true, version: result.stored.version };
}

async function stale(services: Services, baseVersion: number): Promise<ProgrammeSave> {
	const now = services.programme.current;
	const base = await services.programme.store.version(baseVersion);
	return {
		ok: false,
		reason: 'stale',
		version: now.version,
		savedBy: now.savedBy?.name,
		theirChanges: base ? diffSessions(base.event, now.event) : undefined
	};
}
