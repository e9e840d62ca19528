import hdr from 'hdr-histogram-js';

/** A latency histogram in milliseconds, 1 ms to 60 s, three significant digits. */
export function newHistogram() {
	return hdr.build({
		lowestDiscernibleValue: 1,
		highestTrackableValue: 60_000,
		numberOfSignificantValueDigits: 3
	});
}
