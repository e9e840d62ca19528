// Rewrites the event tables in docs/realtime.md from the zod schemas (src/lib/shared/realtime/).
import { z } from 'zod';
import { boardClientEvents, boardServerEvents } from '../src/lib/shared/realtime/board.ts';
import { chatClientEvents, chatServerEvents } from '../src/lib/shared/realtime/chat.ts';
import { clockClientEvents, clockServerEvents } from '../src/lib/shared/realtime/clock.ts';
import { connectionServerEvents } from '../src/lib/shared/realtime/connection.ts';
import { pollClientEvents, pollServerEvents } from '../src/lib/shared/realtime/polls.ts';
import { programmeServerEvents } from '../src/lib/shared/realtime/programme.ts';
import { roomClientEvents, roomServerEvents } from '../src/lib/shared/realtime/rooms.ts';
import { stageClientEvents, stageServerEvents } from '../src/lib/shared/realtime/stage.ts';
import { rewriteDocSection } from './doc-section.ts';

type Json = {
	$ref?: string;
	type?: string | string[];
	properties?: Record<string, Json>;
	required?: string[];
	items?: Json;
	prefixItems?: Json[];
	minItems?: number;
	$defs?: Record<string, Json>;
	enum?: unknown[];
	const?: unknown;
	anyOf?: Json[];
	oneOf?: Json[];
	format?: string;
	pattern?: string;
};

/** A compact TypeScript-like rendering of a JSON schema, for a table cell. */
function shape(schema: Json): string {
	if (schema.$ref) return schema.$ref.split('/').at(-1)!;
	if (schema.const !== undefined) return JSON.stringify(schema.const);
	if (schema.enum) return schema.enum.map((e) => JSON.stringify(e)).join(' \\| ');
	const union = schema.anyOf ?? schema.oneOf;
	if (union) return union.map(shape).join(' \\| ');
	if (schema.type === 'object' || schema.properties) {
		const props = Object.entries(schema.properties ?? {});
		if (props.length === 0) return '{}';
		const required = new Set(schema.required ?? []);
		return `{ ${props.map(([k, v]) => `${k}${required.has(k) ? '' : '?'}: ${shape(v)}`).join(', ')} }`;
	}
	if (schema.prefixItems) {
		// A tuple: the elements past minItems are optional; `items` is the rest.
		const min = schema.minItems ?? schema.prefixItems.length;
		const elements = schema.prefixItems.map((e, i) => `${shape(e)}${i < min ? '' : '?'}`);
		if (schema.items) elements.push(`...${shape(schema.items)}[]`);
		return `[${elements.join(', ')}]`;
	}
	if (schema.type === 'array') return `${shape(schema.items ?? {})}[]`;
	if (Array.isArray(schema.type)) return schema.type.join(' \\| ');
	if (schema.type === 'string' && schema.format) return `string(${schema.format})`;
	return schema.type ?? 'unknown';
}

const json = (schema: z.ZodType) =>
	shape(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json);

const features = [
	['Clock', clockClientEvents, clockServerEvents],
	['Live rooms and rounds', roomClientEvents, roomServerEvents],
	['Chat, Q&A and announcements', chatClientEvents, chatServerEvents],
	['Brainstorm boards', boardClientEvents, boardServerEvents],
	['Polls', pollClientEvents, pollServerEvents],
	['Stage view', stageClientEvents, stageServerEvents],
	['Programme changes', {}, programmeServerEvents],
	['Connection', {}, connectionServerEvents]
] as const;

/** The named shapes the tables refer to (schemas with a `.meta({ id })`), spelled out. */
function shapeTable(): string {
	const named = (z.globalRegistry as unknown as { _idmap: Map<string, z.ZodType> })._idmap;
	const rows = [...named].map(([id, schema]) => {
		const defs = (z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json).$defs;
		return `| \`${id}\` | \`${defs?.[id] ? shape({ ...defs[id], $ref: undefined }) : json(schema)}\` |`;
	});
	return ['### Shapes', '', '| name | shape |', '| --- | --- |', ...rows].join('\n');
}

export function eventTables(): string {
	const events = features
		.map(([title, client, server]) => {
			const rows = [
				...Object.entries(client).map(
					([name, e]) =>
						`| \`${name}\` | client → server | \`${json(e.request)}\` | \`${json(e.response)}\` |`
				),
				...Object.entries(server).map(
					([name, s]) => `| \`${name}\` | server → client | \`${json(s as z.ZodType)}\` | – |`
				)
			];
			return [
				`### ${title}`,
				'',
				'| event | direction | payload | ack (besides `ok`) |',
				'| --- | --- | --- | --- |',
				...rows
			].join('\n');
		})
		.join('\n\n');
	return `${events}\n\n${shapeTable()}`;
}

if (process.argv[1]?.endsWith('realtime-doc.ts'))
	rewriteDocSection('docs/realtime.md', 'events', eventTables());
