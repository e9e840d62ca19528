import { describe, expect, it } from 'vitest';
import { errorText } from '../../src/lib/client/error-text.ts';
import { m } from '../../src/lib/paraglide/messages.js';

describe('errorText', () => {
	it('translates refusal codes, never showing the server’s English', () => {
		expect(errorText('forbidden')).toBe(m.refusal_forbidden());
		expect(errorText({ code: 'forbidden' })).toBe(m.refusal_forbidden());
		expect(errorText('session_ended')).toBe(m.room_ended());
	});

	it('names the board rule when a refusal gives one, else its code', () => {
		expect(errorText({ code: 'board_rule', rule: { code: 'budget' } })).toBe(
			m.board_error_budget()
		);
		expect(errorText({ code: 'board_rule', reason: 'budget' })).toBe(m.board_error_budget());
		expect(errorText({ code: 'board_rule', reason: 'something-new' })).toBe(m.refusal_board_rule());
	});

	it('shows form error keys with their parameters', () => {
		expect(errorText('form_rate_limited', { params: { minutes: 15 } })).toBe(
			m.form_rate_limited({ minutes: 15 })
		);
		expect(errorText('form_rate_limited', { params: { minutes: 15 } })).toContain('15');
	});

	it('falls back for anything else, and shows nothing for nothing', () => {
		expect(errorText('could not establish pc connection')).toBe(m.form_invalid());
		expect(errorText('could not establish pc connection', { otherwise: m.room_error_other })).toBe(
			m.room_error_other()
		);
		expect(errorText(undefined)).toBe('');
		expect(errorText('')).toBe('');
	});
});
