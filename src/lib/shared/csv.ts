/** Quotes a cell, and defuses a leading =, +, - or @ so spreadsheets never run it as a formula. */
export function csvCell(value: string | number): string {
	const text = String(value);
	const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
	return `"${safe.replaceAll('"', '""')}"`;
}

/** Rows as CSV with CRLF line ends (RFC 4180), every cell quoted. */
export const csvRows = (rows: (string | number)[][]): string =>
	rows.map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n';
