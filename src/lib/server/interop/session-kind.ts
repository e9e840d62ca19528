import type { SessionKind } from '../../shared/event-schema.ts';

/** frab/pretalx `type` values whose Plenair kind is obvious; everything else is a livecast. */
const KIND_BY_TYPE: Record<string, SessionKind> = {
	plenary: 'plenary',
	keynote: 'plenary',
	livecast: 'livecast',
	breakout: 'breakout',
	workshop: 'breakout',
	brainstorm: 'brainstorm'
};

export function kindFromType(type: string | null | undefined): SessionKind {
	const key = (type ?? '').trim().toLowerCase();
	return Object.hasOwn(KIND_BY_TYPE, key) ? KIND_BY_TYPE[key] : 'livecast';
}

/** Breakouts and brainstorms need a capacity; an import without one gets this. */
export const DEFAULT_CAPACITY = 100;
