// Builds the reference tables from well-kept packages and the platform's CLDR data (Intl):
// countries-list (countries, capitals, languages, dialing codes), currency-codes (ISO 4217),
// iso-639-3 (language codes), libphonenumber-js (calling codes). Nothing here is typed by hand
// except the mapping of continents to the region names the API reports.
import { continents, getCountryData, countries as countryMap, languages as languageNames, type TCountryCode } from 'countries-list';
import currencyCodes from 'currency-codes';
import { iso6393 } from 'iso-639-3';
import { getCountries, getCountryCallingCode, type CountryCode } from 'libphonenumber-js/max';

/** Continent code → region (UN geoscheme names: the two Americas are one region). */
const REGION: Record<string, string> = { AF: 'Africa', AN: 'Antarctic', AS: 'Asia', EU: 'Europe', NA: 'Americas', SA: 'Americas', OC: 'Oceania' };

const ascii = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[^\x20-\x7e]/g, '');

function displayName(lang: string, type: Intl.DisplayNamesType, code: string): string | undefined {
  try {
    return new Intl.DisplayNames([lang], { type, fallback: 'none' }).of(code) ?? undefined;
  } catch {
    return undefined;
  }
}

export function buildCountries() {
  return (Object.keys(countryMap) as TCountryCode[]).map((iso) => {
    const c = getCountryData(iso);
    const calling = callingCode(iso);
    const nameLocal: Record<string, string> = {};
    for (const lang of c.languages) nameLocal[lang] = displayName(lang, 'region', iso) ?? c.native;
    const currencies = c.currency.filter((code) => currencyCodes.code(code));
    return {
      isoCode: iso,
      cca3: c.iso3,
      nameAscii: ascii(c.name),
      nameLocal,
      flagUrl: `https://flagsapi.com/${iso}/flat/64.png`,
      currencies,
      phoneCode: calling,
      metadata: {
        region: REGION[c.continent] ?? continents[c.continent],
        continent: continents[c.continent],
        ...(calling && { calling_code: calling }),
        ...(currencies[0] && { currency_code: currencies[0] }),
        ...(c.capital && { capital: c.capital }),
        languages: c.languages,
      },
    };
  });
}

function callingCode(iso: string): string | null {
  try {
    return `+${getCountryCallingCode(iso as CountryCode)}`;
  } catch {
    const phone = countryMap[iso as TCountryCode]?.phone[0];
    return phone ? `+${String(phone).slice(0, 4)}` : null;
  }
}

export function buildCurrencies() {
  const users = new Map<string, string[]>();
  for (const iso of Object.keys(countryMap) as TCountryCode[]) {
    for (const code of countryMap[iso].currency) users.set(code, [...(users.get(code) ?? []), iso]);
  }
  return currencyCodes.data.map((cur) => ({
    code: cur.code,
    name: cur.currency,
    symbol: symbolOf(cur.code),
    metadata: { countries: users.get(cur.code) ?? [], decimal_digits: cur.digits, numeric_code: cur.number },
  }));
}

function symbolOf(code: string): string | null {
  try {
    const parts = new Intl.NumberFormat('en', { style: 'currency', currency: code, currencyDisplay: 'narrowSymbol' }).formatToParts(0);
    return parts.find((p) => p.type === 'currency')?.value ?? null;
  } catch {
    return null;
  }
}

export function buildLanguages() {
  const scriptNames = new Intl.DisplayNames(['en'], { type: 'script' });
  return iso6393
    .filter((l) => l.iso6391)
    .map((l) => {
      const code = l.iso6391!;
      const likely = new Intl.Locale(code).maximize();
      return {
        isoCode1: code,
        isoCode2: l.iso6392T ?? l.iso6392B ?? null,
        isoCode3: l.iso6393,
        nameEnglish: displayName('en', 'language', code) ?? l.name,
        nameLocal: displayName(code, 'language', code) ?? languageNames[code as keyof typeof languageNames]?.native ?? l.name,
        countryCode: likely.region && /^[A-Z]{2}$/.test(likely.region) ? likely.region : null,
        metadata: {
          ...(likely.script && { script: scriptNames.of(likely.script), script_code: likely.script }),
          ...(l.iso6392B && l.iso6392B !== l.iso6392T && { iso_code_2b: l.iso6392B }),
          type: l.type,
          scope: l.scope,
        },
      };
    });
}

export function buildPhoneCodes() {
  return getCountries().map((iso) => {
    const root = `+${getCountryCallingCode(iso)}`;
    const listed = countryMap[iso as TCountryCode]?.phone ?? [];
    const rootDigits = root.slice(1);
    const suffixes = listed.map(String).filter((p) => p.startsWith(rootDigits) && p.length > rootDigits.length).map((p) => p.slice(rootDigits.length));
    return {
      countryCode: iso,
      iddRoot: root,
      iddSuffixes: suffixes.length ? suffixes : null,
      fullCode: root + (suffixes[0] ?? ''),
      metadata: {
        country_name: countryMap[iso as TCountryCode]?.name ?? displayName('en', 'region', iso) ?? iso,
        region: REGION[countryMap[iso as TCountryCode]?.continent ?? ''] ?? 'Other',
      },
    };
  });
}
