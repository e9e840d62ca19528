import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Tile } from '../../src/lib/client/live-room.svelte.ts';
import PeopleList from '../../src/lib/components/room/PeopleList.svelte';
import { tile as stageTile, useLocale } from './support/fakes.ts';

// Everyone has an open microphone unless the test says otherwise.
const tile = (name: string, over: Partial<Tile> = {}): Tile =>
	stageTile(name, {
		tracks: [{ sid: `mic-${name}`, source: 'microphone', kind: 'audio', muted: false }],
		...over
	});

const hand = (name: string, at: number) => ({ userId: `id-${name}`, name, at });

function show(props: Partial<Parameters<typeof render<typeof PeopleList>>[1]> = {}) {
	const onLowerHand = vi.fn();
	render(PeopleList, {
		tiles: [
			tile('Zeno'),
			tile('Anna', { speaking: true }),
			tile('Mila', { role: 'moderator' }),
			tile('Ik', { local: true, tracks: [] })
		],
		hands: [hand('Zeno', 2), hand('Anna', 5)],
		broadcast: false,
		canModerate: false,
		onLowerHand,
		...props
	});
	return { onLowerHand };
}

describe('PeopleList', () => {
	it('counts everyone, puts me first and roles before the rest, and says who speaks', () => {
		show();
		const people = screen.getByRole('region', { name: 'Deelnemers (4)' });
		const rows = within(people).getAllByRole('listitem');
		expect(rows.map((r) => r.getAttribute('data-person'))).toEqual(['Ik', 'Mila', 'Anna', 'Zeno']);
		expect(rows[0].textContent).toContain('(jij)');
		expect(within(rows[1]).getByText('moderator')).toBeTruthy();
		expect(within(rows[2]).getByLabelText('spreekt')).toBeTruthy();
		expect(within(rows[3]).getByLabelText('hand opgestoken')).toBeTruthy();
		// No microphone published: shown as off.
		expect(within(rows[0]).getByLabelText('microfoon uit')).toBeTruthy();
	});

	it('lists raised hands in the order they went up; only a moderator may lower them', async () => {
		show();
		const hands = screen.getByRole('region', { name: 'Opgestoken handen (2)' });
		expect(
			within(hands)
				.getAllByRole('listitem')
				.map((li) => li.textContent?.trim())
		).toEqual(['Zeno', 'Anna']);
		expect(within(hands).queryAllByRole('button')).toEqual([]);
	});

	it('a moderator lowers a hand', async () => {
		const user = userEvent.setup();
		const { onLowerHand } = show({ canModerate: true });
		await user.click(screen.getByRole('button', { name: 'Hand van Anna laten zakken' }));
		expect(onLowerHand).toHaveBeenCalledWith('id-Anna');
	});

	it('no hands, in English, on a stage', () => {
		useLocale('en');
		show({ hands: [], broadcast: true });
		expect(screen.getByText('No hands raised.')).toBeTruthy();
		expect(screen.getByRole('region', { name: 'On stage (4)' })).toBeTruthy();
		// Before the server said who watches, there is no audience to show.
		expect(screen.queryByRole('region', { name: /Audience/ })).toBeNull();
	});

	it('on a stage, lists the audience from the app: not those on stage, me marked, the rest counted', () => {
		show({
			broadcast: true,
			self: 'id-Carla',
			audience: {
				people: [
					{ userId: 'id-Zeno', name: 'Zeno' },
					{ userId: 'id-Bert', name: 'Bert', role: 'host' },
					{ userId: 'id-Carla', name: 'Carla' }
				],
				count: 5,
				anonymous: 2
			}
		});
		const audience = screen.getByRole('region', { name: 'Publiek (4)' });
		const names = within(audience)
			.getAllByRole('listitem')
			.map((li) => li.textContent?.replace(/\s+/g, ' ').trim());
		expect(names).toEqual(['B Bert organisatie', 'C Carla (jij)']);
		expect(within(audience).getByText('En nog 2 kijkers')).toBeTruthy();
	});
});
