/** Orders Redis stream ids ("<ms>-<seq>") as Redis does. */
export function compareStreamIds(a: string, b: string): number {
	const [am, as] = a.split('-').map(Number);
	const [bm, bs] = b.split('-').map(Number);
	return am - bm || as - bs;
}
