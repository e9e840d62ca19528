import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

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

/** Pins a process (all its threads) to one core, where the machine has more than one; -1 unpins. */
export function pin(pid: number, core: number): boolean {
	const cores = core < 0 ? `0-${cpus().length - 1}` : String(core);
	try {
		execFileSync('taskset', ['-a', '-pc', cores, String(pid)], { stdio: 'ignore' });
		return true;
	} catch {
		return false;
	}
}

/** A process and all its descendants (Plenair's Redis and LiveKit children), from /proc. */
export function processTree(pid: number): number[] {
	const out = [pid];
	try {
		for (const task of readdirSync(`/proc/${pid}/task`)) {
			const children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
			for (const child of children ? children.split(' ') : [])
				out.push(...processTree(Number(child)));
		}
	} catch {
		// gone meanwhile
	}
	return out;
}

/** Pins a server with its children to one core: what it costs includes its Redis and LiveKit. */
export function pinTree(pid: number, core: number): void {
	for (const p of processTree(pid)) pin(p, core);
}

/** CPU seconds of a process and its descendants. */
export function treeCpuSeconds(pid: number): number {
	return processTree(pid).reduce((sum, p) => sum + cpuSeconds(p), 0);
}
