/** `schedule.conference.days[0].rooms["Zaal A"][1].title`: a path as a reader would type it. */
export function formatJsonPath(path: readonly PropertyKey[]): string {
	if (path.length === 0) return '(document)';
	return path
		.map((key, i) => {
			if (typeof key === 'number') return `[${key}]`;
			const name = String(key);
			if (/^[A-Za-z_$][\w$]*$/.test(name)) return i === 0 ? name : `.${name}`;
			return `[${JSON.stringify(name)}]`;
		})
		.join('');
}

export interface Problem {
	path: string;
	message: string;
}

export const formatProblem = (p: Problem) => `${p.path}: ${p.message}`;
