/** Paths that must answer even when Redis is down: health checks and static assets. */
export function worksWithoutRedis(pathname: string): boolean {
	return (
		pathname === '/healthz' ||
		pathname === '/readyz' ||
		pathname.startsWith('/_app/') ||
		pathname === '/favicon.svg'
	);
}

/** A clear 503 while Redis is unreachable: HTML for pages, JSON for everything else. */
export function unavailableResponse(request: Request): Response {
	const wantsHtml = request.headers.get('accept')?.includes('text/html');
	const message =
		'Plenair is briefly unavailable (its database is not reachable). Please try again in a moment.';
	if (!wantsHtml)
		return Response.json({ message }, { status: 503, headers: { 'retry-after': '5' } });
	const page = `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Even niet bereikbaar · Plenair</title></head><body><main><h1>Even niet bereikbaar</h1><p>Plenair kan zijn database nu niet bereiken. Probeer het over een ogenblik opnieuw.</p><p lang="en">${message}</p></main></body></html>`;
	return new Response(page, {
		status: 503,
		headers: { 'content-type': 'text/html; charset=utf-8', 'retry-after': '5' }
	});
}
