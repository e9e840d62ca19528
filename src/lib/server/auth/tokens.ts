import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** An unguessable bearer token for links and cookies (256 bits). */
export function newToken(): string {
	return randomBytes(32).toString('base64url');
}

/** Redis keeps only this hash, so a leaked dump holds no usable token. */
export function hashToken(token: string): string {
	return createHash('sha256').update(token).digest('base64url');
}

export function newId(): string {
	return randomUUID();
}
