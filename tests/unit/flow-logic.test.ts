import { describe, expect, it } from 'vitest';
import { bodyRefusal } from '../../server/body-limit.ts';
import { busyRooms } from '../../server/conductor-rooms.ts';
import { formatBytes } from '../../src/lib/shared/recordings/logic.ts';
import {
	readDismissed,
	rememberDismissed,
	type KeyValueStore
} from '../../src/lib/client/dismissed-announcements.ts';
import { competitionRanks } from '../../src/lib/shared/board/results.ts';
import { loadEventFile } from '../../src/lib/server/event-file.ts';

const memory = (): KeyValueStore & { data: Map<string, string> } => {
	const data = new Map<string, string>();
	return {
		data,
		getItem: (k) => data.get(k) ?? null,
		setItem: (k, v) => void data.set(k, v)
	};
};

describe('competitionRanks: the one tie rule of the board and the session page', () => {
	it('shares a rank on a tie and skips the places taken (1, 1, 3)', () => {
		expect(competitionRanks([5, 5, 3])).toEqual([1, 1, 3]);
		expect(competitionRanks([4, 2, 2, 1])).toEqual([1, 2, 2, 4]);
		expect(competitionRanks([0, 0, 0])).toEqual([1, 1, 1]);
		expect(competitionRanks([])).toEqual([]);
	});
});

describe('dismissed announcements, remembered per browser', () => {
	it('remembers an id and keeps only ids still announced', () => {
		const store = memory();
		expect(readDismissed(store)).toEqual([]);
		expect(rememberDismissed(store, 'a', ['a', 'b'])).toEqual(['a']);
		expect(rememberDismissed(store, 'b', ['a', 'b'])).toEqual(['a', 'b']);
		// 'a' expired: forgotten the next time something is dismissed.
		expect(rememberDismissed(store, 'c', ['b', 'c'])).toEqual(['b', 'c']);
		expect(readDismissed(store)).toEqual(['b', 'c']);
	});

	it('reads garbled or foreign storage as nothing dismissed', () => {
		const store = memory();
		store.data.set('plenair:dismissed-announcements', '{not json');
		expect(readDismissed(store)).toEqual([]);
		store.data.set('plenair:dismissed-announcements', '{"a":1}');
		expect(readDismissed(store)).toEqual([]);
		expect(readDismissed(undefined)).toEqual([]);
	});
});

describe('busyRooms: whom a plenary leaves alone when it starts', () => {
	const at = (iso: string) => Date.parse(iso);

	it('at 18:30 nothing else is live: the opening takes everyone along', async () => {
		const event = await loadEventFile('events/cooperatieven-maken-de-stad/event.yaml');
		expect(busyRooms({ event }, 'plenaire-opening', at('2022-01-17T18:30:00+01:00'))).toEqual([]);
	});

	it('a session live at that moment keeps its room', async () => {
		const event = await loadEventFile('events/cooperatieven-maken-de-stad/event.yaml');
		expect(
			busyRooms({ event }, 'plenaire-opening', at('2022-01-17T17:30:00+01:00')).sort()
		).toEqual([
			'brainstorm-cooperatieve-tech',
			'toekomst-wooncooperatie',
			'toolkit-energietransitie'
		]);
	});
});

describe('bodyRefusal: the upload limit for one route, 512K for the rest', () => {
	const upload = '/api/sessions/zaal-a/recording/upload';
	const limit = 25 * 1024 ** 2;
	it('lets an upload up to its limit through and refuses one above it', () => {
		expect(bodyRefusal('POST', upload, { 'content-length': String(limit) }, limit)).toBeUndefined();
		expect(bodyRefusal('POST', upload, { 'transfer-encoding': 'chunked' }, limit)).toBeUndefined();
		expect(bodyRefusal('POST', upload, { 'content-length': String(limit + 1) }, limit)).toEqual({
			status: 413,
			upload: true,
			body: {
				message: 'The video is larger than the limit of 25 MB (PLENAIR_UPLOAD_LIMIT).',
				code: 'invalid',
				limitBytes: limit
			}
		});
	});
	it('keeps every other route, and a GET of the upload path, at 512K', () => {
		expect(bodyRefusal('POST', '/signin', { 'content-length': '600000' }, limit)?.status).toBe(413);
		expect(bodyRefusal('PUT', upload, { 'content-length': '600000' }, limit)?.status).toBe(413);
		expect(bodyRefusal('POST', '/signin', { 'content-length': '1000' }, limit)).toBeUndefined();
		expect(bodyRefusal('POST', '/signin', { 'transfer-encoding': 'chunked' }, limit)?.status).toBe(
			411
		);
	});
	it('says sizes as people read them', () => {
		expect([formatBytes(4 * 1024 ** 3), formatBytes(512 * 1024), formatBytes(10)]).toEqual([
			'4 GB',
			'512 kB',
			'10 B'
		]);
	});
});
