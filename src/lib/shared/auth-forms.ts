import { z } from 'zod';
import { GrantSchema } from './policy.ts';
import { LocaleSchema } from './event-schema.ts';

/*
 * Every sign-in, registration, profile and invite form, validated with the same schema in the
 * browser and on the server. Error messages are message keys (messages/*.json), so each field's
 * error appears in the user's language.
 */

const Name = z
	.string({ error: 'form_name_invalid' })
	.trim()
	.min(1, { error: 'form_name_invalid' })
	.max(80, { error: 'form_name_invalid' });
/** An e-mail address, trimmed and in lower case. */
export const EmailSchema = z
	.string({ error: 'form_email_invalid' })
	.trim()
	.toLowerCase()
	.max(254, { error: 'form_email_invalid' })
	.pipe(z.email({ error: 'form_email_invalid' }));
const Organisation = z
	.string()
	.trim()
	.max(120, { error: 'form_organisation_invalid' })
	.transform((v) => (v === '' ? undefined : v))
	.optional();
/**
 * A path on this site to go to afterwards, never another origin: it starts with one `/`, and
 * holds no backslash (browsers read `/\host` as `//host`), whitespace or control character (which
 * would also break the Location header). Anything else is refused with 400, not silently changed.
 */
export const NextPath = z
	.string({ error: 'form_next_invalid' })
	.max(2000, { error: 'form_next_invalid' })
	// eslint-disable-next-line no-control-regex
	.regex(/^\/(?![/\\])[^\s\\\x00-\x1f\x7f]*$/, { error: 'form_next_invalid' });

export const RegisterForm = z.object({
	name: Name,
	email: EmailSchema,
	organisation: Organisation,
	invite: z.string().max(100).optional(),
	next: NextPath.optional()
});
export const SignInForm = z.object({ email: EmailSchema, next: NextPath.optional() });
export const GuestForm = z.object({ name: Name, next: NextPath.optional() });
export const ProfileForm = z.object({
	name: Name,
	organisation: Organisation,
	bio: z
		.string()
		.trim()
		.max(1000, { error: 'form_bio_invalid' })
		.transform((v) => (v === '' ? undefined : v))
		.optional(),
	locale: LocaleSchema
});
export const LinkForm = z.object({ token: z.string().min(10).max(100) });

export const InviteForm = z
	.object({
		role: GrantSchema.shape.role,
		session: z
			.string()
			.trim()
			.transform((v) => (v === '' ? undefined : v))
			.optional(),
		hours: z.coerce
			.number({ error: 'form_invite_hours_invalid' })
			.int()
			.min(1)
			.max(24 * 60),
		uses: z.coerce.number({ error: 'form_invite_uses_invalid' }).int().min(1).max(10_000)
	})
	.refine((f) => f.role !== 'speaker' || f.session !== undefined, {
		path: ['session'],
		error: 'form_invite_speaker_needs_session'
	});

export type FieldErrors = Partial<Record<string, string>>;

/** The first error key of each field, for showing beside the field. */
export function fieldErrors(error: z.ZodError): FieldErrors {
	const errors: FieldErrors = {};
	for (const issue of error.issues) {
		const field = String(issue.path[0] ?? 'form');
		errors[field] ??= issue.message.startsWith('form_') ? issue.message : 'form_invalid';
	}
	return errors;
}
