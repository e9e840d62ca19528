import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { dossierFeed, FEED_SIZE } from '../../src/lib/server/dossier/feed.ts';
import { limitKeyForAddress } from '../../src/lib/server/dossier/tips.ts';
import type { DossierItem } from '../../src/lib/shared/dossier/schema.ts';

const item = (n: number, extra: Partial<DossierItem> = {}): DossierItem => ({
	id: `item-${n}`,
	kind: 'article',
	title: `Item ${n}`,
	description: 'Beschrijving',
	themes: ['wonen'],
	language: 'nl',
	sessions: [],
	publishedAt: new Date(Date.UTC(2022, 0, 1 + n)).toISOString(),
	...extra
});
const options = {
	origin: 'https://plenair.example',
	locale: 'nl' as const,
	title: 'Dossier · Coöperatieven & de stad',
	description: 'Wat <de> conferentie "bespreekt"'
};
const parse = (xml: string) =>
	new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'item' }).parse(xml);

describe('the RSS feed', () => {
	it('is RSS 2.0 with the newest items first and escapes every text', () => {
		const xml = dossierFeed(
			[
				item(1),
				item(2, {
					title: 'Tom & Jerry <script>alert(1)</script>',
					description: 'a < b & "c"\u0007'
				})
			],
			[{ id: 'wonen', title: { nl: 'Wonen', en: 'Housing' } }],
			options
		);
		expect(xml).not.toContain('<script>');
		expect(xml).toContain('Tom &amp; Jerry &lt;script&gt;');
		const rss = parse(xml).rss;
		expect(rss['@_version']).toBe('2.0');
		expect(rss.channel.title).toBe(options.title);
		expect(rss.channel.description).toBe(options.description);
		const [first, second] = rss.channel.item;
		expect(first.title).toBe('Tom & Jerry <script>alert(1)</script>');
		expect(first.description).toBe('a < b & "c"');
		expect(first.link).toBe('https://plenair.example/dossier/item-2');
		expect(first.category).toBe('Wonen');
		expect(first.pubDate).toBe('Mon, 03 Jan 2022 00:00:00 GMT');
		expect(second.title).toBe('Item 1');
	});

	it(`holds at most ${FEED_SIZE} items`, () => {
		const items = Array.from({ length: FEED_SIZE + 5 }, (_, i) => item(i));
		expect(parse(dossierFeed(items, [], options)).rss.channel.item).toHaveLength(FEED_SIZE);
	});
});

describe('rate-limit keys', () => {
	it('count IPv4 per address and IPv6 per /64', () => {
		expect(limitKeyForAddress('203.0.113.7')).toBe('203.0.113.7');
		expect(limitKeyForAddress('::ffff:203.0.113.7')).toBe('203.0.113.7');
		expect(limitKeyForAddress('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
		expect(limitKeyForAddress('2001:db8:1:2:bbbb::9')).toBe('2001:db8:1:2::/64');
		expect(limitKeyForAddress('::1')).toBe('0:0:0:0::/64');
	});
});
