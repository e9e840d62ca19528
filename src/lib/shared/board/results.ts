import { csvRows } from '../csv.ts';
import { votesOn } from './logic.ts';
import type { Board, Note } from './schema.ts';

/**
 * The ranked result of a board: groups by the votes on their notes, notes by their own votes,
 * ties broken by age (oldest first) so every reader sees the same order. Ranks are shared on a
 * tie (1, 2, 2, 4: `competitionRanks`).
 */

export interface RankedNote {
	id: string;
	rank: number;
	text: string;
	votes: number;
	groupId: string | null;
	/** The group's name. */
	group: string | null;
	question: string;
	authorName?: string;
}

export interface RankedGroup {
	id: string;
	rank: number;
	name: string;
	votes: number;
	notes: RankedNote[];
}

export interface BoardResults {
	session: string;
	version: number;
	phase: Board['phase'];
	questions: string[];
	anonymous: boolean;
	votesPerPerson: number;
	/** People who voted at least once. */
	voters: number;
	totalVotes: number;
	/** Every note, best first. */
	notes: RankedNote[];
	/** Every group, best first, with its notes best first. */
	groups: RankedGroup[];
	/** Notes outside any group, best first. */
	ungrouped: RankedNote[];
}

/**
 * The one tie rule for every place that numbers results (the board, the session page, the
 * exports): standard competition ranking. Given scores best first, equal scores share a rank and
 * the next rank skips the places they took: 5, 5, 3 votes → 1, 1, 3.
 */
export function competitionRanks(scoresBestFirst: readonly number[]): number[] {
	const ranks: number[] = [];
	scoresBestFirst.forEach((score, i) => {
		ranks.push(i > 0 && scoresBestFirst[i - 1] === score ? ranks[i - 1] : i + 1);
	});
	return ranks;
}

function withRanks<T extends { votes: number; rank: number }>(items: T[]): T[] {
	const ranks = competitionRanks(items.map((item) => item.votes));
	items.forEach((item, i) => (item.rank = ranks[i]));
	return items;
}

const byVotesThenAge = <T extends { votes: number; createdAt: number; id: string }>(a: T, b: T) =>
	b.votes - a.votes || a.createdAt - b.createdAt || a.id.localeCompare(b.id);

export function rankResults(board: Board): BoardResults {
	const groupNames = new Map(board.groups.map((g) => [g.id, g.name]));
	const ranked = (notes: Note[]) =>
		withRanks(
			notes
				.map((n) => ({ ...n, votes: votesOn(board, n.id) }))
				.sort(byVotesThenAge)
				.map((n): RankedNote => {
					const note: RankedNote = {
						id: n.id,
						rank: 0,
						text: n.text,
						votes: n.votes,
						groupId: n.group,
						group: n.group === null ? null : (groupNames.get(n.group) ?? null),
						question: board.settings.questions[n.question] ?? ''
					};
					if (n.authorName !== undefined && !board.settings.anonymous)
						note.authorName = n.authorName;
					return note;
				})
		);
	const groups = withRanks(
		board.groups
			.map((g) => {
				const notes = ranked(board.notes.filter((n) => n.group === g.id));
				return {
					id: g.id,
					rank: 0,
					name: g.name,
					votes: notes.reduce((sum, n) => sum + n.votes, 0),
					notes,
					createdAt: g.createdAt
				};
			})
			.sort(byVotesThenAge)
	).map((g): RankedGroup => ({
		id: g.id,
		rank: g.rank,
		name: g.name,
		votes: g.votes,
		notes: g.notes
	}));
	const voters = new Set(Object.values(board.votes).flatMap((byVoter) => Object.keys(byVoter)));
	const notes = ranked(board.notes);
	return {
		session: board.session,
		version: board.version,
		phase: board.phase,
		questions: board.settings.questions,
		anonymous: board.settings.anonymous,
		votesPerPerson: board.settings.votesPerPerson,
		voters: voters.size,
		totalVotes: notes.reduce((sum, n) => sum + n.votes, 0),
		notes,
		groups,
		ungrouped: ranked(board.notes.filter((n) => n.group === null))
	};
}

/**
 * Markdown text that shows user text literally: no links, images, emphasis, code or HTML of its
 * own, and no block (heading, list, quote) when it happens to start a line.
 */
export function escapeMarkdown(text: string): string {
	return text
		.replace(/\s+/g, ' ')
		.trim()
		.replace(/[\\`*_{}[\]<>|~&!]/g, (c) => `\\${c}`)
		.replace(/^[#>+=-]/, (start) => `\\${start}`)
		.replace(/^(\d+)([.)])/, '$1\\$2');
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The words of the Markdown export, in the reader's language (English by default). */
export interface MarkdownLabels {
	heading: string;
	summary: string;
	ranking: string;
	groups: string;
	notGrouped: string;
	noNotes: string;
	empty: string;
	votes(n: number): string;
}

export function englishLabels(
	results: BoardResults,
	title: string,
	generatedAt: string
): MarkdownLabels {
	return {
		heading: `Results: ${title}`,
		summary: `${plural(results.voters, 'person', 'people')} voted; ${plural(results.totalVotes, 'vote', 'votes')} in all (${results.votesPerPerson} per person). Exported on ${generatedAt}.`,
		ranking: 'Ranking',
		groups: 'Groups',
		notGrouped: 'Not grouped',
		noNotes: 'No notes.',
		empty: 'empty',
		votes: (n) => plural(n, 'vote', 'votes')
	};
}

export function resultsMarkdown(results: BoardResults, labels: MarkdownLabels): string {
	const md = escapeMarkdown;
	const lines = [
		`# ${md(labels.heading)}`,
		'',
		...results.questions.map((q) => `> ${md(q)}`),
		'',
		md(labels.summary),
		'',
		`## ${md(labels.ranking)}`,
		''
	];
	const noteLine = (n: RankedNote) =>
		`${n.rank}. ${md(n.text)} (${labels.votes(n.votes)}${n.group ? `, ${md(n.group)}` : ''}${n.authorName ? `, ${md(n.authorName)}` : ''})`;
	lines.push(...results.notes.map(noteLine));
	if (results.notes.length === 0) lines.push(`_${md(labels.noNotes)}_`);
	if (results.groups.length > 0) {
		lines.push('', `## ${md(labels.groups)}`, '');
		for (const group of results.groups) {
			lines.push(`### ${group.rank}. ${md(group.name)} (${labels.votes(group.votes)})`, '');
			lines.push(...group.notes.map((n) => `- ${md(n.text)} (${labels.votes(n.votes)})`));
			if (group.notes.length === 0) lines.push(`- _${md(labels.empty)}_`);
			lines.push('');
		}
		if (results.ungrouped.length > 0) {
			lines.push(`### ${md(labels.notGrouped)}`, '');
			lines.push(...results.ungrouped.map((n) => `- ${md(n.text)} (${labels.votes(n.votes)})`));
		}
	}
	return lines.join('\n').trimEnd() + '\n';
}

export function resultsCsv(results: BoardResults): string {
	const rows: (string | number)[][] = [
		['rank', 'votes', 'note', 'group', 'group_rank', 'group_votes', 'question', 'author'],
		...results.notes.map((n) => {
			const group = results.groups.find((g) => g.id === n.groupId);
			return [
				n.rank,
				n.votes,
				n.text,
				n.group ?? '',
				group?.rank ?? '',
				group?.votes ?? '',
				n.question,
				n.authorName ?? ''
			];
		})
	];
	return csvRows(rows);
}
