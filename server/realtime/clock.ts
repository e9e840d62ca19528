import type { Socket } from 'socket.io';
import type { Services } from '../../src/lib/server/services.ts';
import { registerHandler } from './register-handler.ts';

export function registerClockHandlers(socket: Socket, services: Pick<Services, 'clock'>): void {
	registerHandler(socket, 'clock:sync', ({ clientSentAt }) => ({
		now: services.clock.now(),
		clientSentAt
	}));
}
