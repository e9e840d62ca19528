import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

describe('the benchmark harness', () => {
	// Every scenario but the three slowest (bench/run.ts: SLOW_TO_SMOKE); their features have
	// their own tests (recorder.test.ts, the browser tests).
	it('runs the scenarios in a smoke run and prints their tables', async () => {
		const { stdout } = await promisify(execFile)(
			process.execPath,
			['--import', 'tsx', 'bench/run.ts', '--smoke'],
			{ maxBuffer: 10 * 1024 * 1024 }
		);
		for (const heading of [
			'## Chat fan-out',
			'## Join storm',
			'## Board',
			'## Two app nodes',
			'## Polls'
		])
			expect(stdout).toContain(heading);
		// Every chat message reached every listener within the timeout (lost 0), and the step passed.
		expect(stdout).toMatch(/\| plenair \| 20 \| 5 \| 1 \| \d+ \| \d+ \| \d+ \| 0 \| .*\| yes \|/);
		expect(stdout).toMatch(
			/\| two nodes, pubsub \(A → B\) \| 20 \| 10 \| 1 \| \d+ \| \d+ \| \d+ \| 0 \| .*\| yes \|/
		);
		// Every board operation reached every participant, and the boards ended identical.
		expect(stdout).toMatch(/\| plenair \| 30 \| .*\| 300\/300 \| 0 \| 10\/10 \|/);
		// Every answer was acknowledged, and every client ended with the server's count.
		expect(stdout).toMatch(/\| plenair \(2 nodes\) \| 20 \| .*\| 0 \| 20\/20 \|/);
	}, 180_000);
});
