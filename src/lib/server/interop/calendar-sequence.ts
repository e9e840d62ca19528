import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { EventFile, Session } from '../../shared/event-schema.ts';
import { calendarKeys } from '../redis-keys.ts';
import { defineScript } from '../redis-script.ts';

/*
 * RFC 5545 wants SEQUENCE to grow whenever an event changes in a way attendees care about.
 * Per event, one Redis hash keeps for every session the fingerprint last published and its
 * sequence; the script bumps the sequence atomically when the fingerprint differs, so concurrent
 * requests and several nodes never count one change twice.
 */
const SCRIPT = {
	keys: 1,
	reply: z.array(z.number().int().nonnegative()),
	lua: `
local out = {}
for i = 1, #ARGV, 2 do
	local fingerprintField = ARGV[i] .. ':fingerprint'
	local sequenceField = ARGV[i] .. ':sequence'
	local known = redis.call('HGET', KEYS[1], fingerprintField)
	if not known then
		redis.call('HSET', KEYS[1], fingerprintField, ARGV[i + 1], sequenceField, 0)
		out[#out + 1] = 0
	elseif known ~= ARGV[i + 1] then
		out[#out + 1] = redis.call('HINCRBY', KEYS[1], sequenceField, 1)
		redis.call('HSET', KEYS[1], fingerprintField, ARGV[i + 1])
	else
		out[#out + 1] = tonumber(redis.call('HGET', KEYS[1], sequenceField))
	end
end
return out
`
};

/** A hash of what a calendar shows of a session (in every language), independent of the host. */
export function calendarFingerprint(event: EventFile, session: Session): string {
	const room = event.rooms.find((r) => r.id === session.room);
	const fields = [
		Date.parse(session.start),
		Date.parse(session.end),
		session.title,
		session.description,
		room?.name ?? session.room
	];
	return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

export interface SequenceEntry {
	id: string;
	fingerprint: string;
}

/** The current SEQUENCE of each session, raised by one for every changed fingerprint. */
export async function calendarSequences(
	redis: Redis,
	eventSlug: string,
	entries: SequenceEntry[]
): Promise<Map<string, number>> {
	if (entries.length === 0) return new Map();
	const args = entries.flatMap((e) => [e.id, e.fingerprint]);
	const sequence = defineScript(redis, 'calendarSequences', SCRIPT);
	const sequences = await sequence([calendarKeys.sequence(eventSlug)], args);
	if (sequences.length !== entries.length)
		throw new Error(
			`calendar sequences: ${sequences.length} answers for ${entries.length} sessions`
		);
	return new Map(entries.map((e, i) => [e.id, sequences[i]]));
}

/** Fingerprints and sequences for these sessions of the event. */
export function sessionSequences(
	redis: Redis,
	event: EventFile,
	sessions: Session[]
): Promise<Map<string, number>> {
	return calendarSequences(
		redis,
		event.event.slug,
		sessions.map((s) => ({ id: s.id, fingerprint: calendarFingerprint(event, s) }))
	);
}
