import { authorize, policyContext } from '$lib/server/auth/guard';
import { dossierJson } from '$lib/server/dossier/transfer';
import { getServices } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** The whole published dossier as JSON, the same document `npm run dossier -- export` writes. */
export const GET: RequestHandler = async ({ locals }) => {
	const services = getServices();
	authorize(locals.actor, 'dossier.review', policyContext(services.event));
	await services.dossier.ensureSeeded();
	const doc = await services.dossier.store.exportDocument();
	return new Response(dossierJson(doc), {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="dossier-${services.event.event.slug}.json"`,
			'cache-control': 'no-store'
		}
	});
};
