import { z } from 'zod';

/** Building blocks shared by the realtime event schemas. */
export const SessionId = z.string().min(1).max(100);
/** A LiveKit participant identity (a user id, or a generated one for anonymous viewers). */
export const Identity = z.string().min(1).max(200);
export const Empty = z.object({}).strict();
