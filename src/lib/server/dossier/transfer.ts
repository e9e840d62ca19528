import type { EventFile } from '../../shared/event-schema.ts';
import { linkKey } from '../../shared/dossier/links.ts';
import { DossierDocumentSchema, type DossierDocument } from '../../shared/dossier/schema.ts';

/** Larger files are refused before they are read. */
export const MAX_DOSSIER_BYTES = 10 * 1024 * 1024;

export type ParsedDossier = { ok: true; doc: DossierDocument } | { ok: false; problems: string[] };

/** Parses and validates a dossier JSON document; every problem is named with its path. */
export function parseDossierDocument(text: string): ParsedDossier {
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch (error) {
		return { ok: false, problems: [`not JSON: ${(error as Error).message}`] };
	}
	const result = DossierDocumentSchema.safeParse(json);
	if (result.success) return { ok: true, doc: result.data };
	return {
		ok: false,
		problems: result.error.issues.map(
			(issue) => `${issue.path.join('.') || '(document)'}: ${issue.message}`
		)
	};
}

/** The document as a file: tab-indented JSON with a final newline. */
export function dossierJson(doc: DossierDocument): string {
	return `${JSON.stringify(doc, null, '\t')}\n`;
}

/** Things worth knowing before an import that do not stop it. */
export function dossierWarnings(doc: DossierDocument, event?: EventFile): string[] {
	const warnings: string[] = [];
	const sessions = new Set(event?.sessions.map((s) => s.id));
	if (event)
		for (const item of doc.items)
			for (const session of item.sessions)
				if (!sessions.has(session))
					warnings.push(`${item.id}: session "${session}" is not in this event's programme`);
	const byLink = new Map<string, string>();
	for (const item of doc.items) {
		if (!item.url) continue;
		const key = linkKey(item.url);
		const other = byLink.get(key);
		if (other) warnings.push(`${item.id}: same link as ${other}`);
		else byLink.set(key, item.id);
	}
	return warnings;
}
