export type Segment = { type: 'text'; text: string } | { type: 'link'; text: string; href: string };

const URL_PATTERN = /\b(?:https?:\/\/|www\.)[^\s<>"'`]+/gi;
const TRAILING = /[.,;:!?)\]}]+$/;

/**
 * Splits plain text into text and link segments. Only http(s) links become links; everything is
 * rendered as text nodes by the caller, never as HTML.
 */
export function linkify(text: string): Segment[] {
	const segments: Segment[] = [];
	let last = 0;
	for (const match of text.matchAll(URL_PATTERN)) {
		const raw = match[0].replace(TRAILING, '');
		const start = match.index;
		const href = toHref(raw);
		if (!href) continue;
		if (start > last) segments.push({ type: 'text', text: text.slice(last, start) });
		segments.push({ type: 'link', text: raw, href });
		last = start + raw.length;
	}
	if (last < text.length) segments.push({ type: 'text', text: text.slice(last) });
	return segments;
}

function toHref(raw: string): string | undefined {
	try {
		const url = new URL(raw.startsWith('www.') ? `https://${raw}` : raw);
		if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
		if (url.username || url.password) return undefined;
		return url.href;
	} catch {
		return undefined;
	}
}
