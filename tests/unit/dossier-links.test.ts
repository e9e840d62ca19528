import { describe, expect, it } from 'vitest';
import {
	checkLink,
	isPrivateHost,
	LINK_MAX_LENGTH,
	linkKey
} from '../../src/lib/shared/dossier/links.ts';

const error = (raw: string) => {
	const result = checkLink(raw);
	return result.ok ? undefined : result.error;
};

describe('checkLink', () => {
	it('accepts public http and https links and returns the canonical form', () => {
		expect(checkLink('  https://dewarren.nl ')).toEqual({ ok: true, href: 'https://dewarren.nl/' });
		expect(checkLink('http://Example.ORG/Pad?q=1#deel')).toEqual({
			ok: true,
			href: 'http://example.org/Pad?q=1#deel'
		});
		const idn = checkLink('https://coöperatie.example/');
		expect(idn.ok && idn.href.startsWith('https://xn--')).toBe(true);
		expect(checkLink('https://93.184.216.34/page').ok).toBe(true);
	});

	it('refuses other schemes, including script URLs', () => {
		expect(error('javascript:alert(1)')).toBe('form_dossier_link_scheme');
		expect(error('JaVaScRiPt:alert(1)')).toBe('form_dossier_link_scheme');
		expect(error('data:text/html,<script>alert(1)</script>')).toBe('form_dossier_link_invalid');
		expect(error('data:text/html;base64,PHNjcmlwdD4=')).toBe('form_dossier_link_scheme');
		expect(error('ftp://example.org/file')).toBe('form_dossier_link_scheme');
		expect(error('mailto:info@example.org')).toBe('form_dossier_link_scheme');
	});

	it('refuses what is not a complete link', () => {
		for (const raw of [
			'',
			'example.org',
			'www.example.org/pad',
			'https:example.org',
			'https://',
			'https://exa mple.org',
			'https://example.org/"onmouseover="x',
			'https://example.org/<script>',
			'https://intranet/',
			'https://example.org/\u0000'
		])
			expect(error(raw), raw).toBe('form_dossier_link_invalid');
	});

	it('refuses user names and passwords in the link', () => {
		expect(error('https://user:secret@example.org/')).toBe('form_dossier_link_credentials');
		expect(error('https://user@example.org/')).toBe('form_dossier_link_credentials');
	});

	it('refuses overlong links', () => {
		const long = `https://example.org/${'a'.repeat(LINK_MAX_LENGTH)}`;
		expect(error(long)).toBe('form_dossier_link_too_long');
		expect(checkLink(`https://example.org/${'a'.repeat(LINK_MAX_LENGTH - 30)}`).ok).toBe(true);
	});

	it('refuses loopback, private and link-local hosts in every spelling', () => {
		for (const raw of [
			'http://localhost:3000/',
			'http://LOCALHOST./',
			'http://app.localhost/',
			'http://printer.local/',
			'http://db.internal/',
			'http://127.0.0.1/',
			'http://127.1/',
			'http://2130706433/',
			'http://0x7f000001/',
			'http://0177.0.0.1/',
			'http://10.1.2.3/',
			'http://172.16.0.1/',
			'http://172.31.255.255/',
			'http://192.168.1.1/',
			'http://169.254.169.254/latest/meta-data',
			'http://100.64.0.1/',
			'http://0.0.0.0/',
			'http://224.0.0.1/',
			'http://[::1]/',
			'http://[::]/',
			'http://[::ffff:127.0.0.1]/',
			'http://[::ffff:10.0.0.1]/',
			'http://[fd12:3456::1]/',
			'http://[fe80::1]/',
			'http://[64:ff9b::192.168.0.1]/'
		])
			expect(error(raw), raw).toBe('form_dossier_link_private');
	});

	it('lets public neighbours of private ranges through', () => {
		for (const raw of [
			'http://172.32.0.1/',
			'http://11.0.0.1/',
			'http://192.169.0.1/',
			'http://[2a00:1450::1]/',
			'http://[::ffff:8.8.8.8]/',
			'https://localhost.example.org/'
		])
			expect(checkLink(raw).ok, raw).toBe(true);
	});

	it('isPrivateHost takes WHATWG hostnames', () => {
		expect(isPrivateHost('[::1]')).toBe(true);
		expect(isPrivateHost('example.org')).toBe(false);
	});
});

describe('linkKey', () => {
	it('treats scheme, www, default ports, fragments, trailing slashes and tracking alike', () => {
		const key = linkKey('https://dewarren.nl/over');
		for (const other of [
			'http://www.dewarren.nl/over/',
			'https://DeWarren.nl:443/over#team',
			'https://dewarren.nl/over?utm_source=nieuwsbrief&fbclid=abc'
		])
			expect(linkKey(new URL(other).href), other).toBe(key);
	});

	it('keeps what makes a page different: path case, other parameters, other ports', () => {
		const key = linkKey('https://example.org/a?id=1');
		expect(linkKey('https://example.org/A?id=1')).not.toBe(key);
		expect(linkKey('https://example.org/a?id=2')).not.toBe(key);
		expect(linkKey('https://example.org:8443/a?id=1')).not.toBe(key);
		expect(linkKey('https://example.org/a?b=2&a=1')).toBe(linkKey('https://example.org/a?a=1&b=2'));
	});
});
