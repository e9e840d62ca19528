import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { eventTables } from '../../scripts/realtime-doc.ts';
import { clientEvents, serverEvents } from '../../src/lib/shared/realtime/protocol.ts';

describe('docs/realtime.md', () => {
	it('lists every event exactly as the schemas define it', () => {
		const doc = readFileSync('docs/realtime.md', 'utf8');
		expect(doc).toContain(eventTables());
		for (const name of [...Object.keys(clientEvents), ...Object.keys(serverEvents)])
			expect(doc).toContain(`| \`${name}\` |`);
	});
});
