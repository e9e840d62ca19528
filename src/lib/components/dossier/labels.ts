import { m } from '$lib/paraglide/messages';
import type { DossierKind, InitiativeType } from '$lib/shared/dossier/schema';

export const kindLabel: Record<DossierKind, () => string> = {
	article: () => m.dossier_kind_article(),
	video: () => m.dossier_kind_video(),
	podcast: () => m.dossier_kind_podcast(),
	film: () => m.dossier_kind_film(),
	book: () => m.dossier_kind_book(),
	initiative: () => m.dossier_kind_initiative(),
	organisation: () => m.dossier_kind_organisation()
};

export const initiativeTypeLabel: Record<InitiativeType, () => string> = {
	woon: () => m.dossier_type_woon(),
	energie: () => m.dossier_type_energie(),
	voedsel: () => m.dossier_type_voedsel(),
	zorg: () => m.dossier_type_zorg(),
	buurt: () => m.dossier_type_buurt(),
	werk: () => m.dossier_type_werk(),
	platform: () => m.dossier_type_platform(),
	overig: () => m.dossier_type_overig()
};

/** "Nederlands", "English", … for an ISO 639 code, in the reader's language. */
export function languageName(code: string, locale: string): string {
	try {
		return new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
	} catch {
		return code;
	}
}

/** The host of a link, without "www.", to show where it leads. */
export function hostOf(href: string): string {
	try {
		return new URL(href).hostname.replace(/^www\./, '');
	} catch {
		return href;
	}
}
