import { error } from '@sveltejs/kit';

/**
 * The one way a submitted form is read: a body that is not a form (wrong type, cut off, not
 * parseable) gets 400 with a message, never a 500.
 */
export async function readFormData(request: Request): Promise<FormData> {
	try {
		return await request.formData();
	} catch {
		error(400, {
			message: 'Send the form as application/x-www-form-urlencoded or multipart/form-data.',
			code: 'invalid'
		});
	}
}

/** The fields of a submitted form, by name (the last value of a repeated name). */
export async function readForm(request: Request): Promise<Record<string, FormDataEntryValue>> {
	return Object.fromEntries(await readFormData(request));
}
