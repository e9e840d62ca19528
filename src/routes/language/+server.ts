import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { cookieName } from '$lib/paraglide/runtime';
import { NextPath } from '$lib/shared/auth-forms';
import { LocaleSchema } from '$lib/shared/event-schema';
import type { RequestHandler } from './$types';
import { readForm } from '$lib/server/read-form';

const LanguageForm = z.object({
	locale: LocaleSchema,
	returnTo: NextPath.default('/')
});

export const POST: RequestHandler = async ({ request, cookies }) => {
	const parsed = LanguageForm.safeParse(await readForm(request));
	if (!parsed.success)
		error(400, {
			message: 'Choose a supported language (nl or en) and a path on this site to return to.',
			code: 'invalid'
		});
	cookies.set(cookieName, parsed.data.locale, {
		path: '/',
		httpOnly: false,
		sameSite: 'lax',
		maxAge: 60 * 60 * 24 * 365
	});
	redirect(303, parsed.data.returnTo);
};
