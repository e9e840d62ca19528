import type { Redis } from 'ioredis';
import type { EventFile, Round } from '../shared/event-schema.ts';
import { roundKeys } from './redis-keys.ts';

/** The programme's round times, with any extension an organiser made during the event. */
export class RoundTimes {
	readonly #redis: Redis;
	readonly #event: () => EventFile;

	constructor(redis: Redis, event: () => EventFile) {
		this.#redis = redis;
		this.#event = event;
	}

	async endOf(round: Round): Promise<number> {
		const extended = await this.#redis.get(roundKeys(round.id).endsAt);
		return extended ? Number(extended) : Date.parse(round.end);
	}

	async extend(round: Round, minutes: number): Promise<number> {
		const endsAt = (await this.endOf(round)) + minutes * 60_000;
		await this.#redis.set(roundKeys(round.id).endsAt, String(endsAt));
		return endsAt;
	}

	/** The signup round running at `now`, taking extensions into account. */
	async liveSignupRound(now: number): Promise<Round | undefined> {
		for (const round of this.#event().rounds.filter((r) => r.signup))
			if (now >= Date.parse(round.start) && now < (await this.endOf(round))) return round;
		return undefined;
	}
}
