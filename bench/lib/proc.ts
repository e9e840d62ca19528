import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const TICKS = 100; // USER_HZ on Linux

/** CPU seconds (user + system) a process has used so far. */
export function cpuSeconds(pid: number): number {
	try {
		const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
		return (Number(fields[11]) + Number(fields[12])) / TICKS;
	} catch {
		return 0;
	}
}

export function rssMiB(pid: number): number {
	try {
		const line = readFileSync(`/proc/${pid}/status`, 'utf8')
			.split('\n')
			.find((l) => l.startsWith('VmRSS:'));
		return Math.round(Number(line?.split(/\s+/)[1] ?? 0) / 1024);
	} catch {
		return 0;
	}
}

/** Pins a process (all its threads) to one core, where the machine has more than one. */
export function pin(pid: number, core: number): boolean {
	try {
		execFileSync('taskset', ['-a', '-pc', String(core), String(pid)], { stdio: 'ignore' });
		return true;
	} catch {
		return false;
	}
}
