import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
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

/** The cores a process may run on, as the kernel has it (`Cpus_allowed_list`, e.g. "1" or "0-1"). */
export function affinity(pid: number): string {
	const line = readFileSync(`/proc/${pid}/status`, 'utf8')
		.split('\n')
		.find((l) => l.startsWith('Cpus_allowed_list:'));
	return line?.split(/\s+/)[1] ?? '';
}

/**
 * Pins a process (all its threads) to one core; -1 unpins. On a machine with more than one core
 * it checks with the kernel and throws when the pinning did not take: a figure measured unpinned
 * would be presented as pinned.
 */
export function pin(pid: number, core: number): void {
	const cores = core < 0 ? `0-${cpus().length - 1}` : String(core);
	if (cpus().length < 2) return;
	try {
		execFileSync('taskset', ['-a', '-pc', cores, String(pid)], { stdio: 'ignore' });
	} catch (error) {
		// A process that has exited meanwhile cannot be pinned, and needs not be.
		if (!existsSync(`/proc/${pid}`)) return;
		throw error;
	}
	if (existsSync(`/proc/${pid}`) && affinity(pid) !== cores)
		throw new Error(`pinning ${pid} to core ${cores} did not take (it has ${affinity(pid)})`);
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

/** Resident memory of a process and its descendants: the same set as treeCpuSeconds. */
export function treeRssMiB(pid: number): number {
	return processTree(pid).reduce((sum, p) => sum + rssMiB(p), 0);
}

/** CPU seconds of a process and its descendants. */
export function treeCpuSeconds(pid: number): number {
	return processTree(pid).reduce((sum, p) => sum + cpuSeconds(p), 0);
}
