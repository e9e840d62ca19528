import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import type { Services } from '$lib/server/services';
import type { BoardResults, MarkdownLabels } from '$lib/shared/board/results';
import type { Session } from '$lib/shared/event-schema';
import { localize } from '$lib/shared/programme';
import { formatDate, localTime } from '$lib/shared/zoned-time';

/** Shared by the three export routes: names, labels and headers in the reader's language. */
export function exportTitle(session: Session): string {
	return localize(session.title, getLocale());
}

export function exportedAt(services: Pick<Services, 'event' | 'clock'>): string {
	const now = services.clock.now();
	const zone = services.event.event.timezone;
	return `${formatDate(now, zone, getLocale())} ${localTime(now, zone)}`;
}

export const votesLabel = (n: number) =>
	n === 1 ? m.board_vote_one() : m.board_votes({ count: n });

export function markdownLabels(results: BoardResults, title: string, at: string): MarkdownLabels {
	return {
		heading: m.board_md_heading({ title }),
		summary: m.board_md_summary({
			voters: results.voters,
			votes: results.totalVotes,
			perPerson: results.votesPerPerson,
			at
		}),
		ranking: m.board_results_ranking(),
		groups: m.board_results_groups(),
		notGrouped: m.board_ungrouped(),
		noNotes: m.board_results_empty(),
		empty: m.board_md_empty(),
		votes: votesLabel
	};
}

export function download(body: string, type: string, session: Session, extension: string) {
	return new Response(body, {
		headers: {
			'content-type': `${type}; charset=utf-8`,
			'content-disposition': `attachment; filename="brainstorm-${session.id}.${extension}"`,
			'cache-control': 'no-store',
			'x-content-type-options': 'nosniff'
		}
	});
}
