import type { Socket } from 'socket.io';
import type { Services } from '../../src/lib/server/services.ts';

/** Brainstorm board events (filled in by the boards feature). */
export function registerBoardHandlers(socket: Socket, services: Services): void {
	void socket;
	void services;
}
