import { authorize, policyContext } from '$lib/server/auth/guard';
import { ensureDossier } from '$lib/server/dossier';
import { DossierStore } from '$lib/server/dossier/store';
import { dossierJson } from '$lib/server/dossier/transfer';
import { getServices } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** The whole published dossier as JSON, the same document `npm run dossier -- export` writes. */
export const GET: RequestHandler = async ({ locals }) => {
	const services = getServices();
	authorize(locals.actor, 'dossier.review', policyContext(services.event));
	await ensureDossier(services.redis, services.config.eventFile);
	const doc = await new DossierStore(services.redis).exportDocument();
	return new Response(dossierJson(doc), {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="dossier-${services.event.event.slug}.json"`,
			'cache-control': 'no-store'
		}
	});
};
