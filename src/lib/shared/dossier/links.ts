/*
 * Checks for links people send in (tips) or organisers enter: only http(s), no user name or
 * password in the URL, a sane length, and no host that points into a private network. Plenair
 * never fetches these links itself; the checks keep the dossier from pointing readers at
 * intranets, routers or credential-carrying URLs, and keep `javascript:` and friends out.
 */

export const LINK_MAX_LENGTH = 2000;

export type LinkError =
	| 'form_dossier_link_invalid'
	| 'form_dossier_link_too_long'
	| 'form_dossier_link_scheme'
	| 'form_dossier_link_credentials'
	| 'form_dossier_link_private';

export type LinkCheck = { ok: true; href: string } | { ok: false; error: LinkError };

/** Validates a link and returns it in the WHATWG canonical form browsers will use. */
export function checkLink(raw: string): LinkCheck {
	const value = raw.trim();
	if (value.length === 0) return { ok: false, error: 'form_dossier_link_invalid' };
	if (value.length > LINK_MAX_LENGTH) return { ok: false, error: 'form_dossier_link_too_long' };
	// Whitespace, quotes, angle brackets and control characters have no place in a pasted link.
	// eslint-disable-next-line no-control-regex
	if (/[\s"'<>`\\\u0000-\u001f\u007f]/.test(value))
		return { ok: false, error: 'form_dossier_link_invalid' };
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		return { ok: false, error: 'form_dossier_link_invalid' };
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:')
		return { ok: false, error: 'form_dossier_link_scheme' };
	// "https:example.org" parses, but nobody means that.
	if (!/^https?:\/\//i.test(value)) return { ok: false, error: 'form_dossier_link_invalid' };
	if (url.username !== '' || url.password !== '')
		return { ok: false, error: 'form_dossier_link_credentials' };
	if (isPrivateHost(url.hostname)) return { ok: false, error: 'form_dossier_link_private' };
	if (!isIpLiteral(url.hostname) && !/\.[a-z][a-z0-9-]*\.?$/i.test(url.hostname))
		return { ok: false, error: 'form_dossier_link_invalid' };
	if (url.href.length > LINK_MAX_LENGTH) return { ok: false, error: 'form_dossier_link_too_long' };
	return { ok: true, href: url.href };
}

const PRIVATE_SUFFIXES = ['.localhost', '.local', '.internal', '.lan', '.home.arpa', '.intranet'];

function isIpLiteral(hostname: string): boolean {
	return hostname.startsWith('[') || parseIpv4(hostname) !== undefined;
}

/**
 * Loopback, private, link-local, shared, multicast and reserved addresses, and names that only
 * resolve inside a network. `hostname` is a WHATWG URL's hostname: IPv4 already in dotted
 * decimal (also when written as 0x7f.1 or 2130706433), IPv6 in brackets.
 */
export function isPrivateHost(hostname: string): boolean {
	const host = hostname.toLowerCase().replace(/\.$/, '');
	if (host === '' || host === 'localhost') return true;
	if (PRIVATE_SUFFIXES.some((suffix) => host.endsWith(suffix))) return true;
	if (host.startsWith('[') && host.endsWith(']')) return isPrivateIpv6(host.slice(1, -1));
	const v4 = parseIpv4(host);
	return v4 !== undefined && isPrivateIpv4(v4);
}

function parseIpv4(host: string): number[] | undefined {
	const parts = host.split('.');
	if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return undefined;
	const octets = parts.map(Number);
	return octets.every((o) => o <= 255) ? octets : undefined;
}

function isPrivateIpv4([a, b]: number[]): boolean {
	return (
		a === 0 || // "this" network
		a === 10 ||
		a === 127 ||
		(a === 100 && b >= 64 && b <= 127) || // carrier-grade NAT
		(a === 169 && b === 254) ||
		(a === 172 && b >= 16 && b <= 31) ||
		(a === 192 && b === 168) ||
		(a === 192 && b === 0) || // IETF protocol assignments, documentation
		(a === 198 && (b === 18 || b === 19)) || // benchmarking
		a >= 224 // multicast, reserved, broadcast
	);
}

function parseIpv6(text: string): number[] | undefined {
	const halves = text.split('::');
	if (halves.length > 2) return undefined;
	const groups = (part: string) => (part === '' ? [] : part.split(':'));
	const head = groups(halves[0]);
	const tail = halves.length === 2 ? groups(halves[1]) : [];
	// An embedded IPv4 tail (::ffff:1.2.3.4) becomes two groups.
	const last = (halves.length === 2 ? tail : head).at(-1);
	const v4 = last !== undefined ? parseIpv4(last) : undefined;
	if (v4) {
		const list = halves.length === 2 ? tail : head;
		list.splice(-1, 1, ((v4[0] << 8) | v4[1]).toString(16), ((v4[2] << 8) | v4[3]).toString(16));
	}
	const missing = 8 - head.length - tail.length;
	if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
	const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
	if (!all.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return undefined;
	return all.map((g) => parseInt(g, 16));
}

function isPrivateIpv6(text: string): boolean {
	const g = parseIpv6(text);
	if (!g) return true; // unparseable: refuse rather than guess
	const embeddedV4 = () => [g[6] >> 8, g[6] & 0xff, g[7] >> 8, g[7] & 0xff];
	if (g.slice(0, 7).every((x) => x === 0) && g[7] <= 1) return true; // :: and ::1
	if (g.slice(0, 5).every((x) => x === 0) && (g[5] === 0xffff || g[5] === 0))
		return isPrivateIpv4(embeddedV4()); // IPv4-mapped and IPv4-compatible
	if (g[0] === 0x64 && g[1] === 0xff9b) return isPrivateIpv4(embeddedV4()); // NAT64
	if ((g[0] & 0xfe00) === 0xfc00) return true; // unique local
	if ((g[0] & 0xffc0) === 0xfe80) return true; // link-local
	if ((g[0] & 0xff00) === 0xff00) return true; // multicast
	if (g[0] === 0x2001 && g[1] === 0x0db8) return true; // documentation
	return false;
}

const TRACKING_PARAM = /^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|igshid|ref_src)$/i;

/**
 * The key under which two links count as the same page, for finding duplicate tips: scheme,
 * "www.", default port, fragment, trailing slashes and tracking parameters do not matter; the
 * remaining query parameters are sorted. Expects a link that passed checkLink.
 */
export function linkKey(href: string): string {
	const url = new URL(href);
	const host = url.hostname
		.toLowerCase()
		.replace(/\.$/, '')
		.replace(/^www\./, '');
	const port = url.port === '' || url.port === '80' || url.port === '443' ? '' : `:${url.port}`;
	const path = url.pathname.replace(/\/+$/, '');
	const params = [...url.searchParams]
		.filter(([key]) => !TRACKING_PARAM.test(key))
		.sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : av > bv ? 1 : 0) : a < b ? -1 : 1));
	const query = params.length > 0 ? `?${new URLSearchParams(params).toString()}` : '';
	return `${host}${port}${path}${query}`;
}
