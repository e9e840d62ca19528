import { beforeEach } from 'vitest';
import { useLocale } from './fakes.ts';

// Every test starts as a first visit: Dutch (the base locale) and nothing left in localStorage.
beforeEach(() => {
	useLocale('nl');
	localStorage.clear();
});
