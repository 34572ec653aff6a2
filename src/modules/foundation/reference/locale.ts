// Localized names: the language a caller asked for (`language` query parameter, else
// Accept-Language, else English), names from the platform's CLDR data (Intl.DisplayNames), and
// the case- and accent-insensitive matching every reference search uses.

/** The language of localized names: `fromQuery`, else the best of `acceptLanguage`, else `en`. */
export function pickLanguage(fromQuery: string | undefined, acceptLanguage: string | undefined): string {
  const candidates = fromQuery
    ? [fromQuery]
    : (acceptLanguage ?? '')
        .split(',')
        .map((part) => {
          const [tag, q] = part.trim().split(';q=');
          return { tag: tag!.trim(), q: q ? Number(q) : 1 };
        })
        .filter((x) => x.tag && x.tag !== '*' && x.q > 0)
        .sort((a, b) => b.q - a.q)
        .map((x) => x.tag);
  for (const tag of candidates) {
    try {
      const [supported] = Intl.DisplayNames.supportedLocalesOf([tag]);
      if (supported) return supported.split('-')[0]!.toLowerCase();
    } catch {
      /* not a valid tag: try the next one */
    }
  }
  return 'en';
}

const regionNames = new Map<string, Intl.DisplayNames>();

/** Localized country name, or undefined when CLDR has none for that language. */
export function regionName(isoCode: string, lang: string): string | undefined {
  let names = regionNames.get(lang);
  if (!names) {
    names = new Intl.DisplayNames([lang, 'en'], { type: 'region', fallback: 'none' });
    regionNames.set(lang, names);
  }
  return names.of(isoCode) ?? undefined;
}

/** Case- and accent-insensitive "contains". */
export function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}
