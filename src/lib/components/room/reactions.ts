import { m } from '$lib/paraglide/messages';
import type { Reaction } from '$lib/shared/realtime/rooms';

const NAMES: Record<Reaction, () => string> = {
	'👏': m.venue_reaction_clap,
	'❤️': m.venue_reaction_heart,
	'😂': m.venue_reaction_laugh,
	'🎉': m.venue_reaction_party,
	'👍': m.venue_reaction_thumbs,
	'🤔': m.venue_reaction_thinking
};

/** A reaction's name in the page's language (what a screen reader says for it). */
export const reactionName = (emoji: Reaction) => NAMES[emoji]();

/** "Reacties: Anna: Applaus, Bert: Hartje" for a burst of reactions. */
export const describeReactions = (items: { emoji: Reaction; name: string }[]) =>
	m.venue_reactions_said({
		list: items
			.slice(-5)
			.map((r) => `${r.name}: ${reactionName(r.emoji)}`)
			.join(', ')
	});
