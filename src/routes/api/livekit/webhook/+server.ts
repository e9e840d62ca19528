import { error, json } from '@sveltejs/kit';
import { WebhookReceiver } from 'livekit-server-sdk';
import { getServices } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * livekit-server's webhooks, verified on the raw body. Presence and recording build on the
 * verified events; for now a verified event is acknowledged and anything else refused.
 */
export const POST: RequestHandler = async ({ request }) => {
	const { livekit } = getServices();
	const body = await request.text();
	const receiver = new WebhookReceiver(livekit.apiKey, livekit.apiSecret);
	try {
		await receiver.receive(body, request.headers.get('authorization') ?? undefined);
	} catch {
		error(401, 'invalid webhook signature');
	}
	return json({ ok: true });
};
