import type { RequestEvent } from '@sveltejs/kit';
import { getLocale } from '../../paraglide/runtime.js';
import { formFailure } from '../form-failure.ts';
import { getServices } from '../services.ts';
import type { LinkPayload } from './magic-links.ts';
import { requestSignInLink } from './sign-in.ts';

/** What the sign-in and register pages need to render: the event's access mode and `next`. */
export function linkFormData(url: URL) {
	return {
		access: getServices().event.event.access,
		next: url.searchParams.get('next') ?? undefined
	};
}

/**
 * Mails a sign-in link (in the visitor's language) and answers the form: `{ sent, email }`, or a
 * 429 failure that says when to try again.
 */
export async function mailSignInLink(
	event: Pick<RequestEvent, 'getClientAddress'>,
	payload: Omit<LinkPayload, 'locale'>,
	registering: boolean,
	values: Record<string, string>
) {
	const services = getServices();
	const locale = getLocale();
	const result = await requestSignInLink(services, {
		payload: { ...payload, locale },
		registering,
		ip: event.getClientAddress(),
		origin: services.origin,
		locale
	});
	if (!result.sent)
		return formFailure(429, {
			errors: { form: 'form_rate_limited' },
			retryAfterMinutes: Math.ceil(result.retryAfterSeconds / 60),
			values
		});
	return { sent: true as const, email: payload.email };
}
