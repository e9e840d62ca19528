import { exportableResults } from '$lib/server/boards/results';
import { getServices } from '$lib/server/services';
import { resultsMarkdown } from '$lib/shared/board/results';
import { download, exportedAt, exportTitle, markdownLabels } from '../export';
import type { RequestHandler } from './$types';

/** The ranked result as Markdown, for minutes and the closing plenary. */
export const GET: RequestHandler = async ({ params, locals }) => {
	const services = getServices();
	const { session, results } = await exportableResults(services, params.id, locals.actor);
	const labels = markdownLabels(results, exportTitle(session), exportedAt(services));
	return download(resultsMarkdown(results, labels), 'text/markdown', session, 'md');
};
