import { z } from 'zod';
import { LocaleSchema, type Locale } from '../../shared/event-schema.ts';

const LangQuery = z.object({ lang: LocaleSchema.optional() });

/** The language an export asks for with `?lang=`, else `fallback`; undefined when unsupported. */
export function exportLocale(url: URL, fallback: Locale): Locale | undefined {
	const lang = url.searchParams.get('lang');
	const parsed = LangQuery.safeParse({ lang: lang ?? undefined });
	if (!parsed.success) return undefined;
	return parsed.data.lang ?? fallback;
}
