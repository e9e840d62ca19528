import type { Services } from '../src/lib/server/services.ts';
import { sessionStatus } from '../src/lib/shared/programme.ts';

/**
 * The sessions whose room pages a plenary leaves alone when it starts: every other session live at
 * `now` (a break-out that runs on, a parallel livecast). Tabs on those room pages get neither the
 * plenary's countdown nor its move.
 */
export function busyRooms(
	services: Pick<Services, 'event'>,
	plenary: string,
	now: number
): string[] {
	return services.event.sessions
		.filter((s) => s.id !== plenary && sessionStatus(s, now) === 'live')
		.map((s) => s.id);
}
