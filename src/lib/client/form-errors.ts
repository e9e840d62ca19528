import { m } from '$lib/paraglide/messages';

type MessageFn = (params?: Record<string, unknown>) => string;

/** Turns an error key from a shared form schema (e.g. `form_email_invalid`) into UI text. */
export function errorText(key: string | undefined, params: Record<string, unknown> = {}): string {
	if (!key) return '';
	const fn = (m as unknown as Record<string, MessageFn | undefined>)[key];
	return typeof fn === 'function' ? fn(params) : m.form_invalid();
}
