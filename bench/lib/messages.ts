/**
 * The chat text every bench sender sends, to Plenair and to the bare server alike: a realistic
 * sentence (about 100 characters) and a marker with the run, the intended send time and a number.
 */
const SENTENCE =
	'Goed punt! Bij ons in de wijk werkt de energiecoöperatie al met gedeelde zonnepanelen op school.';

export function benchText(run: string, intendedAt: number, i: number): string {
	return `${SENTENCE} #${run}:${Math.round(intendedAt)}:${i}`;
}

export function parseMarker(text: string): { run: string; intendedAt: number } | undefined {
	const match = / #([a-z0-9-]+):(\d+):\d+$/.exec(text);
	return match ? { run: match[1], intendedAt: Number(match[2]) } : undefined;
}
