import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveVideo, UploadError } from '../../src/lib/server/recordings/files.ts';

let dir: string;
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'rec-unit-'))));
afterEach(() => rm(dir, { recursive: true, force: true }));

const body = (...chunks: Uint8Array[]) =>
	new ReadableStream<Uint8Array>({
		start(c) {
			for (const chunk of chunks) c.enqueue(chunk);
			c.close();
		}
	});
const webm = new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, ...new Array(60).fill(7)]);

describe('saveVideo', () => {
	it('stores a video under a new name', async () => {
		const saved = await saveVideo(dir, 's1', body(webm), 1000);
		expect(saved.contentType).toBe('video/webm');
		expect(await readdir(dir)).toEqual([saved.file]);
	});

	it('stops a stream over the limit and leaves nothing behind', async () => {
		const error = await saveVideo(dir, 's1', body(webm, webm), 100).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(UploadError);
		expect((error as UploadError).status).toBe(413);
		expect(await readdir(dir)).toEqual([]);
	});

	it('refuses other content', async () => {
		const error = await saveVideo(
			dir,
			's1',
			body(new TextEncoder().encode('not a video at all')),
			1000
		).catch((e: unknown) => e);
		expect((error as UploadError).status).toBe(415);
		expect(await readdir(dir)).toEqual([]);
	});
});
