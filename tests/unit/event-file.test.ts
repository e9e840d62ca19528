import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { EventFileError, loadEventFile, parseEventFile } from '../../src/lib/server/event-file.ts';

const DEMO = 'events/cooperatieven-maken-de-stad/event.yaml';
const demoText = readFileSync(DEMO, 'utf8');

/** The demo file with one change applied, as YAML text. */
function variant(change: (doc: Record<string, any>) => void): string {
	const doc = parse(demoText);
	change(doc);
	return stringify(doc);
}

function problemsOf(text: string): string[] {
	try {
		parseEventFile(text, 'test.yaml');
	} catch (error) {
		expect(error).toBeInstanceOf(EventFileError);
		return (error as EventFileError).problems;
	}
	throw new Error('expected the file to be refused');
}

describe('the event file', () => {
	it('accepts the demo programme with its 13 sessions', async () => {
		const event = await loadEventFile(DEMO);
		expect(event.event.title).toMatchObject({ nl: 'Coöperatieven maken de stad' });
		expect(event.event.timezone).toBe('Europe/Amsterdam');
		expect(event.sessions).toHaveLength(13);
		expect(event.sessions.filter((s) => s.kind === 'brainstorm')).toHaveLength(3);
		expect(event.rounds.filter((r) => r.signup)).toHaveLength(3);
	});

	it('names the file and the line of a YAML syntax error', () => {
		expect(() => parseEventFile('event: [unclosed', 'broken.yaml')).toThrow(
			/broken\.yaml[\s\S]*line 1/
		);
	});

	it('reports a missing file clearly', async () => {
		await expect(loadEventFile('events/nope.yaml')).rejects.toThrow(
			/events\/nope\.yaml[\s\S]*cannot read/
		);
	});

	it.each([
		[
			'a session ending before it starts',
			(d: any) => (d.sessions[0].end = d.sessions[0].start),
			/sessions\[0\]\.end: must be after start/
		],
		['an unknown session kind', (d: any) => (d.sessions[1].kind = 'party'), /sessions\[1\]\.kind/],
		[
			'a date without offset',
			(d: any) => (d.sessions[2].start = '2022-01-17T17:15'),
			/sessions\[2\]\.start: use an ISO 8601/
		],
		[
			'a duplicate session id',
			(d: any) => (d.sessions[3].id = d.sessions[2].id),
			/sessions\[3\]\.id: duplicate id/
		],
		[
			'an unknown room',
			(d: any) => (d.sessions[0].room = 'kelder'),
			/sessions\[0\]\.room: unknown room "kelder"/
		],
		[
			'an unknown round',
			(d: any) => (d.sessions[0].round = 'ronde-9'),
			/sessions\[0\]\.round: unknown round "ronde-9"/
		],
		[
			'a breakout without capacity',
			(d: any) => delete d.sessions.find((s: any) => s.kind === 'breakout').capacity,
			/capacity: a breakout needs a capacity/
		],
		[
			'an unknown time zone',
			(d: any) => (d.event.timezone = 'Europe/Atlantis'),
			/event\.timezone: unknown IANA time zone/
		],
		[
			'a misspelt field',
			(d: any) => (d.sessions[0].titel = 'x'),
			/sessions\[0\]: Unrecognized key: "titel"/
		],
		[
			'a session outside the event',
			(d: any) => (d.sessions[0].start = '2022-01-17T12:00:00+01:00'),
			/sessions\[0\]\.start: session must lie within the event/
		],
		[
			'a resource that is not a web link',
			(d: any) => (d.sessions[0].resources = [{ title: 'x', url: 'javascript:alert(1)' }]),
			/sessions\[0\]\.resources\[0\]\.url/
		]
	])('refuses %s with the path and reason', (_name, change, expected) => {
		const problems = problemsOf(variant(change));
		expect(problems.join('\n')).toMatch(expected);
	});

	it('lists every problem at once', () => {
		const problems = problemsOf(
			variant((d) => {
				d.sessions[0].kind = 'party';
				d.event.timezone = 'Mars/Olympus';
			})
		);
		expect(problems.length).toBeGreaterThanOrEqual(2);
	});
});
