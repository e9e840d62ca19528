import { describe, expect, it } from 'vitest';
import { handOffCount } from '../../server/realtime/connection-balance.ts';

describe('how many connections a node hands off', () => {
	it('none when it is alone, or holds about its share', () => {
		expect(handOffCount(900, [])).toBe(0);
		expect(handOffCount(500, [480])).toBe(0);
		// 10 % of the mean (495) is 49.5: an excess of 45 is left alone.
		expect(handOffCount(540, [450])).toBe(0);
		// Small events: an excess of up to 10 people is left alone.
		expect(handOffCount(24, [6])).toBe(0);
	});

	it('twice its excess on two nodes (half of them come back), in batches of 10 % or 20', () => {
		// After a restart in the rehearsal: 920 against 60, excess 430; batches of 92.
		expect(handOffCount(920, [60])).toBe(92);
		expect(handOffCount(60, [0])).toBe(20);
		expect(handOffCount(50, [10])).toBe(20);
		expect(handOffCount(45, [15])).toBe(20);
		// 3 nodes: 1.5 times the excess (23 over the mean of 57).
		expect(handOffCount(80, [50, 40])).toBe(20);
		expect(handOffCount(300, [150, 150])).toBe(30);
	});

	it('only the node over its share hands off', () => {
		expect(handOffCount(60, [920])).toBe(0);
	});
});
