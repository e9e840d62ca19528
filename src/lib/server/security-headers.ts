/**
 * Adds what SvelteKit's static CSP cannot know (the LiveKit server browsers connect to) and the
 * other security headers every response carries.
 */
export function withSecurityHeaders(headers: Headers, livekitPublicUrl: string): void {
	const csp = headers.get('content-security-policy');
	if (csp) {
		const livekit = new URL(livekitPublicUrl);
		const sources = `${livekit.origin} ${livekit.origin.replace(/^ws/, 'http')}`;
		headers.set(
			'content-security-policy',
			csp.replace(/connect-src ([^;]*)/, `connect-src $1 ${sources}`)
		);
	}
	headers.set('x-content-type-options', 'nosniff');
	headers.set('referrer-policy', 'strict-origin-when-cross-origin');
	headers.set('x-frame-options', 'DENY');
	headers.set(
		'permissions-policy',
		'camera=(self), microphone=(self), display-capture=(self), geolocation=()'
	);
}
