import { error } from '@sveltejs/kit';
import { authorize, policyContext } from '$lib/server/auth/guard';
import { getServices } from '$lib/server/services';
import { csvRows } from '$lib/shared/csv';
import { findSession } from '$lib/shared/programme';
import type { RequestHandler } from './$types';

/** Attendance report of one session for its moderators: one line per person. */
export const GET: RequestHandler = async ({ params, locals }) => {
	const { event, presence, clock } = getServices();
	const session = findSession(event, params.id);
	if (!session) error(404, 'No session with this id in the programme.');
	authorize(locals.actor, 'session.moderate', policyContext(event, session));
	const rows = await presence.attendance(session.id, clock.now());
	const iso = (ms?: number) => (ms === undefined ? '' : new Date(ms).toISOString());
	const csv = csvRows([
		['name', 'identity', 'first_joined', 'last_left', 'minutes'],
		...rows.map((r) => [r.name, r.identity, iso(r.firstJoined), iso(r.lastLeft), String(r.minutes)])
	]);
	return new Response(csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="attendance-${session.id}.csv"`
		}
	});
};
