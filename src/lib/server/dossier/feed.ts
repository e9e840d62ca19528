import { create } from 'xmlbuilder2';
import type { Locale } from '../../shared/event-schema.ts';
import type { DossierItem, DossierTheme } from '../../shared/dossier/schema.ts';
import { localize } from '../../shared/programme.ts';

export const FEED_SIZE = 30;

/** XML 1.0 cannot carry most control characters at all, not even escaped. */
const xmlSafe = (text: string) =>
	text.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');

export interface FeedOptions {
	origin: string;
	locale: Locale;
	title: string;
	description: string;
}

/**
 * RSS 2.0 of the newest published items. Every text goes through xmlbuilder2's escaping; item
 * text is never embedded as markup.
 */
export function dossierFeed(
	items: DossierItem[],
	themes: DossierTheme[],
	{ origin, locale, title, description }: FeedOptions
): string {
	const newest = [...items]
		.sort((a, b) => Date.parse(b.publishedAt) - Date.parse(a.publishedAt) || (a.id < b.id ? -1 : 1))
		.slice(0, FEED_SIZE);
	const at = (path: string) => new URL(path, origin).href;
	const themeTitle = new Map(themes.map((t) => [t.id, localize(t.title, locale)]));

	const rss = create({ version: '1.0', encoding: 'UTF-8' }).ele('rss', {
		version: '2.0',
		'xmlns:atom': 'http://www.w3.org/2005/Atom'
	});
	const channel = rss.ele('channel');
	channel.ele('title').txt(xmlSafe(title));
	channel.ele('link').txt(at('/dossier'));
	channel.ele('description').txt(xmlSafe(description));
	channel.ele('language').txt(locale);
	channel.ele('atom:link', {
		href: at('/dossier/feed.xml'),
		rel: 'self',
		type: 'application/rss+xml'
	});
	if (newest[0]) channel.ele('lastBuildDate').txt(new Date(newest[0].publishedAt).toUTCString());
	channel.ele('generator').txt('Plenair');

	for (const item of newest) {
		const link = at(`/dossier/${item.id}`);
		const entry = channel.ele('item');
		entry.ele('title').txt(xmlSafe(item.title));
		entry.ele('link').txt(link);
		entry.ele('guid', { isPermaLink: 'true' }).txt(link);
		entry.ele('description').txt(xmlSafe(item.description));
		entry.ele('pubDate').txt(new Date(item.publishedAt).toUTCString());
		for (const theme of item.themes)
			entry.ele('category').txt(xmlSafe(themeTitle.get(theme) ?? theme));
	}
	return rss.end({ prettyPrint: true, indent: '\t' });
}
