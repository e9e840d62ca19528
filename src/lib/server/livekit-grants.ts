import { TrackSource, type VideoGrant } from 'livekit-server-sdk';
import { isBroadcast, type Session } from '../shared/event-schema.ts';
import { can, type Actor, type PolicyContext } from '../shared/policy.ts';

/** How someone is in a room; the browser shows a different view for each. */
export type RoomMode = 'viewer' | 'backstage' | 'participant' | 'moderator';

const MEDIA = [
	TrackSource.CAMERA,
	TrackSource.MICROPHONE,
	TrackSource.SCREEN_SHARE,
	TrackSource.SCREEN_SHARE_AUDIO
];

/**
 * The LiveKit grant for a person in a session's room, straight from the policy; undefined when
 * they may not enter at all. Livecasts: viewers subscribe only and stay hidden; speakers wait
 * hidden in the backstage until a moderator puts them on stage. Breakouts: everyone publishes.
 * Moderators administer the room.
 */
export function grantFor(
	actor: Actor | null,
	session: Pick<Session, 'id' | 'kind'>,
	context: PolicyContext,
	room: string
): { mode: RoomMode; grant: VideoGrant } | undefined {
	const base: VideoGrant = { room, roomJoin: true, canSubscribe: true, canPublishData: false };
	const broadcast = isBroadcast(session.kind);

	if (can(actor, 'session.moderate', context))
		return {
			mode: 'moderator',
			grant: {
				...base,
				canPublish: true,
				canPublishSources: MEDIA,
				canPublishData: true,
				roomAdmin: true
			}
		};
	if (broadcast) {
		if (can(actor, 'session.publish', context))
			return { mode: 'backstage', grant: { ...base, canPublish: false, hidden: true } };
		if (can(actor, 'session.watch', context))
			return { mode: 'viewer', grant: { ...base, canPublish: false, hidden: true } };
		return undefined;
	}
	if (can(actor, 'session.join', context))
		return { mode: 'participant', grant: { ...base, canPublish: true, canPublishSources: MEDIA } };
	return undefined;
}

/** What a moderator's "on stage" switch sets with updateParticipant. */
export function stagePermission(onStage: boolean) {
	return onStage
		? {
				canSubscribe: true,
				canPublish: true,
				canPublishData: false,
				hidden: false,
				canPublishSources: MEDIA
			}
		: {
				canSubscribe: true,
				canPublish: false,
				canPublishData: false,
				hidden: true,
				canPublishSources: []
			};
}
