import { describe, expect, it } from 'vitest';
import {
	fieldErrors,
	InviteForm,
	NextPath,
	RegisterForm
} from '../../src/lib/shared/auth-forms.ts';
import { initials } from '../../src/lib/server/auth/users.ts';

describe('the auth forms', () => {
	it('normalises the e-mail address and drops an empty organisation', () => {
		const parsed = RegisterForm.parse({
			name: ' Anna ',
			email: ' Anna@Example.ORG ',
			organisation: ''
		});
		expect(parsed).toMatchObject({
			name: 'Anna',
			email: 'anna@example.org',
			organisation: undefined
		});
	});

	it('gives one translatable error key per field', () => {
		const result = RegisterForm.safeParse({
			name: '',
			email: 'nope',
			organisation: 'x'.repeat(200)
		});
		expect(result.success).toBe(false);
		expect(fieldErrors(result.error!)).toEqual({
			name: 'form_name_invalid',
			email: 'form_email_invalid',
			organisation: 'form_organisation_invalid'
		});
	});

	it('only follows paths on this site after signing in', () => {
		expect(NextPath.parse('/sessions/x?tab=chat')).toBe('/sessions/x?tab=chat');
		for (const hostile of [
			'//evil.example/',
			'https://evil.example/',
			'/\\evil.example',
			'/sessions\\x',
			'/a\u0000b',
			'/a\r\nSet-Cookie: x=1',
			'/a\u007f',
			'/a b',
			'',
			`/${'a'.repeat(2000)}`
		])
			expect(NextPath.safeParse(hostile).success, JSON.stringify(hostile)).toBe(false);
	});

	it('needs a session for a speaker invite', () => {
		const result = InviteForm.safeParse({ role: 'speaker', session: '', hours: '24', uses: '1' });
		expect(result.success).toBe(false);
		expect(fieldErrors(result.error!)).toEqual({ session: 'form_invite_speaker_needs_session' });
	});

	it('makes avatar initials', () => {
		expect(initials('Anna de Vries')).toBe('AV');
		expect(initials('mod2')).toBe('M');
	});
});
