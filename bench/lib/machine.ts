import { execSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';

export interface Machine {
	cpu: string;
	cores: number;
	memoryGiB: number;
	node: string;
	commit: string;
	date: string;
}

export function machine(): Machine {
	let commit = 'unknown';
	try {
		commit = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
	} catch {
		// not a checkout
	}
	return {
		cpu: cpus()[0]?.model ?? 'unknown',
		cores: cpus().length,
		memoryGiB: Math.round(totalmem() / 2 ** 30),
		node: process.version,
		commit,
		date: new Date().toISOString()
	};
}
