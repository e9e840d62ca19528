import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { getServices } from '$lib/server/services';
import type { RequestHandler } from './$types';

const Body = z.object({ at: z.iso.datetime({ offset: true }) }).strict();

/** Tests only (NODE_ENV=test): move the programme clock to an instant. */
export const POST: RequestHandler = async ({ request }) => {
	const { config, clock, realtime } = getServices();
	if (config.NODE_ENV !== 'test') error(404, 'Not found');
	const body = Body.safeParse(await request.json().catch(() => undefined));
	if (!body.success) error(400, 'Send { "at": "<ISO 8601 with offset>" }.');
	clock.jumpTo(Date.parse(body.data.at));
	await realtime?.clockMoved();
	return json({ now: clock.now() });
};
