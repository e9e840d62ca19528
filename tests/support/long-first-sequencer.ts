import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The slowest test files, slowest first (seconds on 2 cores in CI). Started first, they overlap
 * the many short files instead of running alone at the end; a clean CI checkout has no cached
 * durations for Vitest to order by.
 */
const SLOWEST = [
	'tests/integration/bench-smoke.test.ts', // 41 s
	'tests/integration/dress-rehearsal.test.ts', // 57 s
	'tests/integration/recorder.test.ts', // 51 s
	'tests/integration/recorder-app.test.ts', // 32 s
	'tests/integration/process.test.ts', // 27 s
	'tests/chaos/redis-outage.test.ts', // 26 s
	'tests/fuzz/hostile-input.test.ts', // 21 s
	'tests/chaos/node-failover.test.ts', // 20 s
	'tests/integration/programme-live-change.test.ts', // 20 s
	'tests/chaos/redis-unreachable.test.ts' // 19 s
];

export class SlowestFirstSequencer extends BaseSequencer {
	override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
		const rank = (file: TestSpecification) => {
			const i = SLOWEST.findIndex((name) => file.moduleId.endsWith(name));
			return i === -1 ? SLOWEST.length : i;
		};
		return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
	}
}
