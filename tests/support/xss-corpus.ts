/**
 * Payloads in the manner of the OWASP XSS filter evasion cheat sheet, each at most 60 characters
 * (a board group title's limit) so every field can carry every one. A payload that ran would
 * open a dialog or set `window.__xss`.
 */
export const XSS_CORPUS = [
	`<script>window.__xss=1</script>`,
	`<img src=x onerror=alert(1)>`,
	`<svg/onload=alert('XSS')>`,
	`"><script>alert(String.fromCharCode(88))</script>`,
	`'><img src=x onerror=window.__xss=1>`,
	`javascript:alert(1)`,
	`<a href="javascript:alert(1)">klik hier</a>`,
	`<iframe src="javascript:alert(1)"></iframe>`,
	`<IMG SRC=JaVaScRiPt:alert('XSS')>`,
	`<body onload=alert(1)>`,
	`<details open ontoggle=alert(1)>`,
	`<div style="width:expression(alert(1))">`,
	`'';!--"<XSS>=&{()}`,
	`<math><mtext><img src=x onerror=alert(1)>`,
	`{@html '<img src=x onerror=alert(1)>'}`,
	`%3Cscript%3Ealert(1)%3C/script%3E`,
	`&lt;script&gt;alert(1)&lt;/script&gt;`,
	`<object data="data:text/html,<script>alert(1)</script>">`
] as const;

/** Elements and attributes that only exist in the page if a payload became markup. */
export const INJECTED = [
	'img[src="x"]',
	'img[src^="javascript" i]',
	'iframe[src^="javascript" i]',
	'object[data^="data:" i]',
	'a[href^="javascript" i]',
	'[onerror]',
	'[onload]',
	'[ontoggle]',
	'xss',
	'math'
].join(', ');
