import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { EventFileSchema, type EventFile } from '../shared/event-schema.ts';

export class EventFileError extends Error {
	constructor(
		readonly file: string,
		readonly problems: string[]
	) {
		super(`Invalid event file ${file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
		this.name = 'EventFileError';
	}
}

/** Parses and validates event-file text (YAML or JSON); `file` only names it in errors. */
export function parseEventFile(text: string, file: string): EventFile {
	const doc = parseDocument(text, { prettyErrors: true });
	if (doc.errors.length > 0) {
		throw new EventFileError(
			file,
			doc.errors.map((e) => `line ${e.linePos?.[0].line ?? '?'}: ${e.message.split('\n')[0]}`)
		);
	}
	const result = EventFileSchema.safeParse(doc.toJS());
	if (!result.success) {
		throw new EventFileError(
			file,
			result.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`)
		);
	}
	return result.data;
}

export async function loadEventFile(file: string): Promise<EventFile> {
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		throw new EventFileError(file, [`cannot read file: ${(error as Error).message}`]);
	}
	return parseEventFile(text, file);
}

function formatPath(path: PropertyKey[]): string {
	if (path.length === 0) return '(file)';
	return path
		.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
		.join('');
}
