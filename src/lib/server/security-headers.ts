/** The security headers every response carries: pages, endpoints, static files and errors. */
export function baseSecurityHeaders(origin: string): Record<string, string> {
	return {
		'x-content-type-options': 'nosniff',
		'referrer-policy': 'strict-origin-when-cross-origin',
		'x-frame-options': 'DENY',
		'permissions-policy':
			'camera=(self), microphone=(self), display-capture=(self), geolocation=()',
		...(origin.startsWith('https:')
			? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' }
			: {})
	};
}

/**
 * Adds what SvelteKit's static CSP cannot know (the LiveKit server browsers connect to) and the
 * other security headers to a response SvelteKit made.
 */
export function withSecurityHeaders(
	headers: Headers,
	options: { livekitPublicUrl: string; origin: string }
): void {
	const csp = headers.get('content-security-policy');
	if (csp) {
		const livekit = new URL(options.livekitPublicUrl);
		const sources = `${livekit.origin} ${livekit.origin.replace(/^ws/, 'http')}`;
		headers.set(
			'content-security-policy',
			csp.replace(/connect-src ([^;]*)/, `connect-src $1 ${sources}`)
		);
	}
	for (const [name, value] of Object.entries(baseSecurityHeaders(options.origin)))
		headers.set(name, value);
}
