import { error } from '@sveltejs/kit';

/** The fields of a submitted form; a body that is not a form gets 400, never a crash. */
export async function readForm(request: Request): Promise<Record<string, FormDataEntryValue>> {
	try {
		return Object.fromEntries(await request.formData());
	} catch {
		error(400, 'Send the form as application/x-www-form-urlencoded or multipart/form-data.');
	}
}
