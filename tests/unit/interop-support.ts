import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };
import { parseEventFile } from '../../src/lib/server/event-file.ts';
import type { EventFile } from '../../src/lib/shared/event-schema.ts';

export const DEMO_FILE = 'events/cooperatieven-maken-de-stad/event.yaml';
export const ORIGIN = 'https://plenair.example.org';

/** A fresh copy of the demo programme (tests may change it). */
export function demo(): EventFile {
	return parseEventFile(readFileSync(DEMO_FILE, 'utf8'), DEMO_FILE);
}

export function pretalxFixture(): Record<string, any> {
	return JSON.parse(readFileSync('tests/fixtures/pretalx-schedule.json', 'utf8'));
}

/**
 * Real exports, trimmed (tests/fixtures/README.md says from where and how): the Chaos
 * Communication Camp 2019's frab schedule (one day) and the rC3 Channels 2020 pretalx schedule
 * (one day, without a time zone).
 */
export const FRAB_CAMP_FILE = 'tests/fixtures/frab-camp2019-schedule.json';
export const PRETALX_RC3_FILE = 'tests/fixtures/pretalx-rc3-schedule.json';

/** The vendored c3voc schema, as upstream publishes it (tests/fixtures/README.md says which). */
export function c3vocSchema(): Record<string, any> {
	return JSON.parse(readFileSync('tests/fixtures/c3voc-schedule-schema.json', 'utf8'));
}

export function c3vocValidator() {
	const ajv = new Ajv({ allErrors: true, strict: false });
	ajv.addMetaSchema(draft06);
	addFormats.default(ajv);
	ajv.addFormat('color', /^#[0-9a-f]{3,8}$/i);
	return ajv.compile(c3vocSchema());
}
