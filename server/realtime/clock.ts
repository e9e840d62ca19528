import type { Services } from '../../src/lib/server/services.ts';
import type { HandlerTable } from './dispatch.ts';

export function clockHandlers(services: Pick<Services, 'clock'>): HandlerTable {
	return {
		'clock:sync': ({ clientSentAt }) => ({
			now: services.clock.now(),
			clientSentAt,
			speed: services.clock.speed
		})
	};
}
