import { fail } from '@sveltejs/kit';
import type { FieldErrors } from '../shared/auth-forms.ts';
import type { ProgrammeRefusal } from './programme/save-programme.ts';

export interface FormFailure {
	errors: FieldErrors;
	retryAfterMinutes?: number;
	/** What the form shows again: only the visible text fields, cut to a sane length. */
	values?: Record<string, string>;
	/** A programme save that was refused: the clashes, or what someone else saved meanwhile. */
	programme?: ProgrammeRefusal;
	/** On a page of several forms: the one this failure belongs to. */
	target?: string;
	/** What still uses the thing that was to be removed. */
	usedBy?: string[];
	/** A refused schedule upload: each problem at its JSON path. */
	importProblems?: { path: string; message: string }[];
	/** The refused upload names no time zone: the page asks for one. */
	needsZone?: boolean;
}

/** One shape for every refused form, so pages can show errors without guessing. */
export function formFailure(status: number, failure: FormFailure) {
	return fail(status, failure);
}

export function echoValues(
	values: Record<string, FormDataEntryValue>,
	fields: string[]
): Record<string, string> {
	return Object.fromEntries(
		fields.map((f) => [f, typeof values[f] === 'string' ? (values[f] as string).slice(0, 300) : ''])
	);
}
