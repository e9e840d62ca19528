import { z } from 'zod';
import { accessModes, LocaleSchema } from '../../shared/event-schema.ts';
import { slugSchema } from '../../shared/slug.ts';

/*
 * What an event file holds beyond the frab fields, carried in `conference.meta.plenair` (the
 * schema's own extension point) so that Plenair → schedule.json → Plenair keeps it. Other tools
 * ignore it. Standard fields win wherever both say something.
 */

const Slug = slugSchema({ max: 200 });
const Text = z.string().min(1).max(1_000);
const Instant = z.iso.datetime({ offset: true });

export const MetaPersonSchema = z.object({
	role: z.enum(['host', 'speaker']),
	title: Text.optional(),
	organisation: z.string().min(1).max(120).optional()
});

export const MetaSessionSchema = z.object({
	round: Slug.optional(),
	capacity: z.number().int().positive().max(1_000_000).optional(),
	/** One entry per entry of the event's `persons`, in the same order. */
	persons: z.array(MetaPersonSchema).max(500).optional()
});

export const PlenairMetaSchema = z.object({
	slug: Slug,
	subtitle: Text.optional(),
	languages: z.array(LocaleSchema).min(1).max(10),
	access: z.enum(accessModes),
	organiser: Text.optional(),
	/** Room id by the room's exported name. */
	rooms: z.array(z.object({ id: Slug, name: Text })).max(1_000),
	rounds: z
		.array(z.object({ id: Slug, title: Text, start: Instant, end: Instant, signup: z.boolean() }))
		.max(1_000),
	sessions: z.record(Slug, MetaSessionSchema)
});

export type PlenairMeta = z.infer<typeof PlenairMetaSchema>;
export type MetaSession = z.infer<typeof MetaSessionSchema>;
export type MetaPerson = z.infer<typeof MetaPersonSchema>;
