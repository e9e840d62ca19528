import { error, json } from '@sveltejs/kit';
import { WebhookReceiver, type WebhookEvent } from 'livekit-server-sdk';
import { handleEgressWebhook } from '$lib/server/recordings';
import { getServices } from '$lib/server/services';
import type { RequestHandler } from './$types';
import { log } from '$lib/server/log';

/**
 * livekit-server's webhooks, verified on the raw body (never re-serialised). The answer goes
 * out at once and the work happens after, because LiveKit drops deliveries that wait.
 */
export const POST: RequestHandler = async ({ request }) => {
	const { livekit, presence, clock } = getServices();
	const body = await request.text();
	const receiver = new WebhookReceiver(livekit.apiKey, livekit.apiSecret);
	let event: WebhookEvent;
	try {
		event = await receiver.receive(body, request.headers.get('authorization') ?? undefined);
	} catch {
		error(401, 'invalid webhook signature');
	}
	const at = clock.now();
	setImmediate(() => {
		presence
			.record(event, at)
			.catch((e: Error) => log('webhook').error({ err: e.message }, 'presence'));
		handleEgressWebhook(getServices(), event, at).catch((e: Error) =>
			log('webhook').error({ err: e.message }, 'recording')
		);
	});
	return json({ ok: true });
};
