import type { Services } from '../../src/lib/server/services.ts';
import { StageRefusal } from '../../src/lib/server/stage.ts';
import { presenceAction } from '../../src/lib/shared/policy.ts';
import { findSession } from '../../src/lib/shared/programme.ts';
import { pollRoom } from '../../src/lib/shared/realtime/polls.ts';
import { sessionRoom } from '../../src/lib/shared/realtime/protocol.ts';
import { authorizeSocket } from './authorize.ts';
import { ClientError, type HandlerTable } from './dispatch.ts';

/** The room's stage view: docs/polls.md. */
export function stageHandlers(services: Services): HandlerTable {
	const refused = (error: unknown): never => {
		if (error instanceof StageRefusal) throw new ClientError(error.code, error.message);
		throw error;
	};

	return {
		'stage:show': async ({ session, view }, socket) => {
			authorizeSocket(socket, services, 'session.moderate', session);
			const content = await services.stage.show(session, view, services.clock.now()).catch(refused);
			socket.nsp.to(sessionRoom(session)).emit('stage:changed', { session, content });
			// Shown on stage, a poll's results are everyone's from now on.
			if (content?.kind === 'poll') {
				socket.nsp.to(pollRoom(session)).emit('poll:changed', { session, poll: content.poll });
				socket.nsp.to(pollRoom(session)).emit('poll:tally', { session, tally: content.tally });
			}
			return { content };
		},

		'stage:current': async ({ session }, socket) => {
			authorizeSocket(
				socket,
				services,
				presenceAction(findSession(services.event, session)),
				session
			);
			return { content: await services.stage.current(session) };
		}
	};
}
