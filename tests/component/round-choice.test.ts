import { render, screen } from '@testing-library/svelte';
import type { ComponentProps } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import RoundChoice from '../../src/lib/components/RoundChoice.svelte';
import { session, useLocale } from './support/fakes.ts';

// SvelteKit's enhance checks `form.method === 'post'`; happy-dom answers "POST". The forms work
// without it too; choosing through enhance is in the browser tests (tests/e2e/rooms.clock.spec.ts).
const enhanced = vi.hoisted(() => [] as HTMLFormElement[]);
vi.mock('$app/forms', () => ({
	enhance: (form: HTMLFormElement) => {
		enhanced.push(form);
		return { destroy() {} };
	}
}));

const workshop = session('wijkwerkplaats', 'Wijkwerkplaats', { round: 'ronde-1', capacity: 20 });
const title = 'Wijkwerkplaats';

/**
 * A button's name: its text and the visually hidden session title after it. happy-dom lays the
 * hidden span out as a block, so the computed name may have a space before the colon.
 */
const named = (text: string) => (name: string) => name.replace(/\s+:/, ':') === text;

/** RoundChoice for the workshop, titled as in the programme unless `title` says otherwise. */
const show = (props: Partial<ComponentProps<typeof RoundChoice>>) =>
	render(RoundChoice, { session: workshop, title, ...props });

/** The text of the element that matches, with its white space folded as a reader sees it. */
const textOf = (matcher: RegExp) =>
	screen.getByText(matcher).textContent?.replace(/\s+/g, ' ').trim();

/** The form around a button, with its action and hidden fields. */
function formOf(button: HTMLElement) {
	const form = button.closest('form')!;
	return {
		action: form.getAttribute('action'),
		method: form.getAttribute('method'),
		fields: Object.fromEntries(new FormData(form) as unknown as Iterable<[string, string]>)
	};
}

describe('RoundChoice', () => {
	it('without a choice: a button to choose this session, named after it', () => {
		show({ load: { placed: 12, waiting: 0, capacity: 20 } });
		expect(screen.getByText('12 van 20 plaatsen bezet')).toBeTruthy();
		const button = screen.getByRole('button', { name: named('Kies deze sessie: Wijkwerkplaats') });
		expect(formOf(button)).toEqual({
			action: '?/choose',
			method: 'POST',
			fields: { session: 'wijkwerkplaats' }
		});
		expect(enhanced.at(-1)).toBe(button.closest('form'));
	});

	it('when full: the button puts me on the waitlist, and the waitlist is counted', () => {
		show({ load: { placed: 20, waiting: 4, capacity: 20 } });
		expect(textOf(/20 van 20 plaatsen bezet/)).toBe(
			'20 van 20 plaatsen bezet · 4 op de wachtlijst'
		);
		const button = screen.getByRole('button', {
			name: named('Vol — zet me op de wachtlijst: Wijkwerkplaats')
		});
		expect(formOf(button).action).toBe('?/choose');
	});

	it('my choice: says so and offers to withdraw it for the whole round', () => {
		show({ placement: { status: 'placed', session: 'wijkwerkplaats' } });
		expect(screen.getByText('Jouw keuze')).toBeTruthy();
		const button = screen.getByRole('button', { name: named('Keuze intrekken: Wijkwerkplaats') });
		expect(formOf(button)).toEqual({
			action: '?/leave',
			method: 'POST',
			fields: { round: 'ronde-1' }
		});
		expect(screen.queryByRole('button', { name: /Kies deze sessie/ })).toBeNull();
	});

	it('on its waitlist: my place in the queue', () => {
		show({ placement: { status: 'waitlisted', session: 'wijkwerkplaats', position: 3 } });
		expect(screen.getByText('Je staat op de wachtlijst: nummer 3')).toBeTruthy();
		expect(
			screen.getByRole('button', { name: named('Keuze intrekken: Wijkwerkplaats') })
		).toBeTruthy();
	});

	it('a choice for another session of the round leaves this one choosable', () => {
		show({ placement: { status: 'placed', session: 'buurtbudget' } });
		expect(screen.queryByText('Jouw keuze')).toBeNull();
		expect(
			screen.getByRole('button', { name: named('Kies deze sessie: Wijkwerkplaats') })
		).toBeTruthy();
	});

	it('in English', () => {
		useLocale('en');
		show({ title: 'Neighbourhood workshop', load: { placed: 20, waiting: 1, capacity: 20 } });
		expect(textOf(/20 of 20 places taken/)).toBe('20 of 20 places taken · 1 on the waitlist');
		expect(
			screen.getByRole('button', {
				name: named('Full — put me on the waitlist: Neighbourhood workshop')
			})
		).toBeTruthy();
	});
});
