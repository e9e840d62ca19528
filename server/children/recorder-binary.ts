import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/**
 * Where scripts/setup.sh builds the built-in recorder: <cache>/recorder/<hash>/plenair-recorder,
 * with the testpublisher test tool beside it. The hash is over recorder/'s go.mod, go.sum and
 * .go files, so a change to the recorder's sources builds it anew and an old build is never
 * taken for the current one. This computes the same hash as setup.sh (`sha256sum` of each file,
 * in byte order of their paths, then `sha256sum` of that list, first 16 hex digits).
 * PLENAIR_RECORDER_BIN, when set, names the recorder binary instead (testpublisher beside it).
 */
export async function recorderBinaries(
	cacheDir: string,
	root = process.cwd(),
	env: Record<string, string | undefined> = process.env
): Promise<{ recorder: string; testpublisher: string }> {
	const recorder =
		env.PLENAIR_RECORDER_BIN ||
		join(cacheDir, 'recorder', await recorderSourceHash(root), 'plenair-recorder');
	return { recorder, testpublisher: join(recorder, '..', 'testpublisher') };
}

export async function recorderSourceHash(root: string): Promise<string> {
	const files = (await listFiles(join(root, 'recorder')))
		.map((file) => relative(root, file).split(sep).join('/'))
		.filter((file) => /(\.go|\/go\.mod|\/go\.sum)$/.test(file))
		.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
	let list = '';
	for (const file of files)
		list += `${createHash('sha256')
			.update(await readFile(join(root, file)))
			.digest('hex')}  ${file}\n`;
	return createHash('sha256').update(list).digest('hex').slice(0, 16);
}

async function listFiles(dir: string): Promise<string[]> {
	const entries = await readdir(dir, { withFileTypes: true });
	const nested = await Promise.all(
		entries.map((e) =>
			e.isDirectory() ? listFiles(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : []
		)
	);
	return nested.flat();
}
