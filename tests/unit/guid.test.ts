import { describe, expect, it } from 'vitest';
import {
	frabId,
	PLENAIR_NAMESPACE,
	roomGuid,
	sessionGuid,
	uuidV5
} from '../../src/lib/server/interop/guid.ts';

/**
 * Known answers, none computed by the code under test. The first two are published; every value
 * was also checked with Python's own implementation, e.g.
 * `python3 -c "import uuid; print(uuid.uuid5(uuid.NAMESPACE_DNS, 'www.example.com'))"`.
 */
const NAMESPACE_DNS = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';
const NAMESPACE_URL = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

describe('uuidV5', () => {
	it('matches RFC 9562 appendix A.4 (DNS namespace, "www.example.com")', () => {
		expect(uuidV5('www.example.com', NAMESPACE_DNS)).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
	});

	it('matches the Python documentation\'s example (DNS namespace, "python.org")', () => {
		expect(uuidV5('python.org', NAMESPACE_DNS)).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
	});

	it('matches Python for the URL namespace, UTF-8 names and the empty name', () => {
		expect(uuidV5('http://python.org/', NAMESPACE_URL)).toBe(
			'4c565f0d-3f5a-5890-b41b-20cf47701c5e'
		);
		expect(uuidV5('café/sessions/ü', PLENAIR_NAMESPACE)).toBe(
			'fccbcd98-f5e2-5df5-af09-bd591901f3c0'
		);
		expect(uuidV5('', PLENAIR_NAMESPACE)).toBe('b5e1377d-0aea-5406-b7f6-a3da88fe23c0');
	});
});

describe('the GUIDs of the schedule export', () => {
	it('never change for a session or a room (calendars recognise sessions by them)', () => {
		expect(PLENAIR_NAMESPACE).toBe('5f0e6d3c-2b7a-4c1e-9a43-8d2f61b0c7e5');
		const opening = sessionGuid('cooperatieven-maken-de-stad', 'plenaire-opening');
		expect(opening).toBe('acd4dcbe-b75c-5d82-93b0-9b00f4a3e6e2');
		expect(roomGuid('cooperatieven-maken-de-stad', 'zaal-a')).toBe(
			'484fb424-3c34-5890-931d-000e20656818'
		);
		// frab's numeric id: first 32 bits mod 0x7ffffffe, plus one (checked with Python too).
		expect(frabId(opening)).toBe(752147649);
	});
});
