import { describe, expect, it } from 'vitest';
import { api, expectError, expectReferenceShape } from './helpers/http';

describe('countries', () => {
  it('lists countries with priority countries first, then alphabetical by localized name', async () => {
    const res = await api('/api/v1/public/countries/?priority=CH,DE&language=de');
    expect(res.status).toBe(200);
    expectReferenceShape('GET', '/api/v1/public/countries/', res);
    const list = res.body.data.countries;
    expect(list.slice(0, 2).map((c: any) => c.iso_code)).toEqual(['CH', 'DE']);
    expect(list[0]).toMatchObject({ name: 'Schweiz', name_ascii: 'Switzerland', cca3: 'CHE', phone_code: '+41', flag_url: 'https://flagsapi.com/CH/flat/64.png' });
    expect(list[0].currencies).toContain('CHF');
    expect(res.body.data.total).toBeGreaterThan(240);
    const rest = list.slice(2).map((c: any) => c.name);
    expect(rest).toEqual([...rest].sort(new Intl.Collator('de').compare));
  });

  it('filters by region and search, and pages', async () => {
    const res = await api('/api/v1/public/countries/?region=europe&search=schw&language=de');
    expect(res.status).toBe(200);
    const codes = res.body.data.countries.map((c: any) => c.iso_code);
    expect(codes).toContain('CH');
    expect(codes).toContain('SE'); // Schweden
    expect(res.body.data.countries.every((c: any) => c.metadata.region === 'Europe')).toBe(true);
    const paged = await api('/api/v1/public/countries/?limit=5&offset=5');
    expect(paged.body.data).toMatchObject({ limit: 5, offset: 5 });
    expect(paged.body.data.countries).toHaveLength(5);
  });

  it('localizes with Accept-Language when no language parameter is given', async () => {
    const res = await api('/api/v1/public/countries/ch', { headers: { 'accept-language': 'fr-CH, de;q=0.8' } });
    expect(res.status).toBe(200);
    expectReferenceShape('GET', '/api/v1/public/countries/{isoCode}', res);
    expect(res.body.data.name).toBe('Suisse');
    expect(res.body.data.metadata).toMatchObject({ region: 'Europe', capital: 'Bern', calling_code: '+41', currency_code: 'CHF' });
    expect(res.body.data.metadata.languages).toEqual(expect.arrayContaining(['de', 'fr', 'it']));
  });

  it('answers 404 for an unknown country and 400 for a malformed code', async () => {
    expectError(await api('/api/v1/public/countries/XX'), 404, 'NOT_FOUND');
    const bad = await api('/api/v1/public/countries/C1');
    expectError(bad, 400, 'VALIDATION_ERROR');
    expect(bad.body.details.fields.isoCode).toBeDefined();
  });

  it('lists regions', async () => {
    const res = await api('/api/v1/public/countries/regions');
    expectReferenceShape('GET', '/api/v1/public/countries/regions', res);
    expect(res.body.data.regions).toEqual(expect.arrayContaining(['Africa', 'Americas', 'Asia', 'Europe', 'Oceania']));
  });
});

describe('currencies', () => {
  it('lists, searches and pages currencies', async () => {
    const res = await api('/api/v1/public/currencies/');
    expect(res.status).toBe(200);
    expectReferenceShape('GET', '/api/v1/public/currencies/', res);
    expect(res.body.data.length).toBeGreaterThan(150);
    const found = await api('/api/v1/public/currencies?search=franc&limit=50');
    expect(found.body.data.map((c: any) => c.code)).toEqual(expect.arrayContaining(['CHF', 'XOF']));
    expectError(await api('/api/v1/public/currencies/?limit=0'), 400, 'VALIDATION_ERROR');
  });

  it('gets one currency with symbol, digits and countries', async () => {
    const res = await api('/api/v1/public/currencies/chf');
    expectReferenceShape('GET', '/api/v1/public/currencies/{code}', res);
    expect(res.body.data).toMatchObject({ code: 'CHF', metadata: { decimal_digits: 2, numeric_code: '756' } });
    expect(res.body.data.metadata.countries).toEqual(expect.arrayContaining(['CH', 'LI']));
    const jpy = await api('/api/v1/public/currencies/JPY');
    expect(jpy.body.data).toMatchObject({ symbol: '¥', metadata: { decimal_digits: 0 } });
    expectError(await api('/api/v1/public/currencies/ZZZ'), 404, 'NOT_FOUND');
  });

  it('lists the currencies of a country', async () => {
    const res = await api('/api/v1/public/currencies/country/LI');
    expectReferenceShape('GET', '/api/v1/public/currencies/country/{country}', res);
    expect(res.body.data.map((c: any) => c.code)).toEqual(['CHF']);
    expectError(await api('/api/v1/public/currencies/country/QQ'), 404, 'NOT_FOUND');
  });
});

describe('languages', () => {
  it('puts de, fr, it, es first by default', async () => {
    const res = await api('/api/v1/public/languages/');
    expectReferenceShape('GET', '/api/v1/public/languages/', res);
    expect(res.body.data.languages.slice(0, 4).map((l: any) => l.iso_code_1)).toEqual(['de', 'fr', 'it', 'es']);
    expect(res.body.data.total).toBeGreaterThan(150);
  });

  it("puts a country's languages and English first", async () => {
    const res = await api('/api/v1/public/languages/?countryCode=CH');
    const first = res.body.data.languages.slice(0, 4).map((l: any) => l.iso_code_1);
    expect(first).toEqual(['de', 'fr', 'it', 'en']);
    expectError(await api('/api/v1/public/languages/?countryCode=QQ'), 404);
  });

  it('finds a language by ISO 639-1, 639-2 (T and B) and 639-3 code', async () => {
    for (const code of ['ko', 'kor', 'de', 'ger', 'deu']) {
      const res = await api(`/api/v1/public/languages/${code}`);
      expect(res.status).toBe(200);
      expectReferenceShape('GET', '/api/v1/public/languages/{code}', res);
    }
    const ko = await api('/api/v1/public/languages/kor');
    expect(ko.body.data).toMatchObject({ iso_code_1: 'ko', iso_code_2: 'kor', iso_code_3: 'kor', name_english: 'Korean', name_local: '한국어', country_code: 'KR' });
    expectError(await api('/api/v1/public/languages/qqq'), 404, 'NOT_FOUND');
  });
});

describe('timezones', () => {
  it('lists zones with priority zones first and live offsets', async () => {
    const res = await api('/api/v1/public/timezones/');
    expectReferenceShape('GET', '/api/v1/public/timezones/', res);
    const names = res.body.data.timezones.map((t: any) => t.name);
    expect(names.slice(0, 3)).toEqual(['Europe/Zurich', 'Europe/Berlin', 'Europe/Paris']);
    const zurich = res.body.data.timezones[0];
    expect(zurich).toMatchObject({ region: 'Europe', city: 'Zurich' });
    expect(['CET', 'CEST']).toContain(zurich.abbreviation);
    expect([60, 120]).toContain(zurich.offsetMinutes);
  });

  it('filters by region and search', async () => {
    const res = await api('/api/v1/public/timezones/?region=America&search=new%20york');
    expect(res.body.data.timezones.map((t: any) => t.name)).toEqual(['America/New_York']);
  });

  it('gets one zone by URL-encoded name and resolves aliases', async () => {
    const res = await api('/api/v1/public/timezones/Asia%2FKolkata');
    expectReferenceShape('GET', '/api/v1/public/timezones/{name}', res);
    expect(res.body.data).toMatchObject({ name: 'Asia/Kolkata', offset: 'GMT+5:30', offsetMinutes: 330, city: 'Kolkata' });
    expectError(await api('/api/v1/public/timezones/Mars%2FOlympus'), 404, 'NOT_FOUND');
  });

  it('accepts the zone name with a raw slash too', async () => {
    for (const path of ['Europe/Zurich', 'Europe/Zurich/', 'America/Argentina/Buenos_Aires']) {
      const res = await api(`/api/v1/public/timezones/${path}`);
      expect(res.status, path).toBe(200);
      expect(res.body.data.name).toBe(path.replace(/\/$/, ''));
    }
    expectError(await api('/api/v1/public/timezones/Mars/Olympus'), 404, 'NOT_FOUND');
  });

  it('lists regions', async () => {
    const res = await api('/api/v1/public/timezones/regions');
    expectReferenceShape('GET', '/api/v1/public/timezones/regions', res);
    expect(res.body.data).toEqual(expect.arrayContaining(['Africa', 'America', 'Asia', 'Europe', 'Pacific']));
  });
});

describe('phone codes', () => {
  it('lists codes and gets one by country', async () => {
    const list = await api('/api/v1/public/phone-codes/');
    expectReferenceShape('GET', '/api/v1/public/phone-codes/', list);
    expect(list.body.data.length).toBeGreaterThan(200);
    const ch = await api('/api/v1/public/phone-codes/ch');
    expectReferenceShape('GET', '/api/v1/public/phone-codes/{country}', ch);
    expect(ch.body.data).toMatchObject({ country_code: 'CH', idd_root: '+41', full_code: '+41', metadata: { country_name: 'Switzerland', region: 'Europe' } });
    expectError(await api('/api/v1/public/phone-codes/QQ'), 404, 'NOT_FOUND');
  });

  it('reverse-looks-up a dialing code, narrowing shared codes by prefix', async () => {
    const res = await api('/api/v1/public/phone-codes/search?code=%2B41');
    expectReferenceShape('GET', '/api/v1/public/phone-codes/search', res);
    expect(res.body.data.map((p: any) => p.country_code)).toEqual(['CH']);
    const nanp = await api('/api/v1/public/phone-codes/search?code=1');
    expect(nanp.body.data.map((p: any) => p.country_code)).toEqual(expect.arrayContaining(['US', 'CA', 'PR']));
    const pr = await api('/api/v1/public/phone-codes/search?code=001787');
    expect(pr.body.data.map((p: any) => p.country_code)).toEqual(['PR']);
    expectError(await api('/api/v1/public/phone-codes/search?code=abc'), 400, 'VALIDATION_ERROR');
  });
});

describe('phone numbers', () => {
  it('parses a number written nationally with a country', async () => {
    const res = await api('/api/v1/public/phone/parse', { method: 'POST', json: { phone: '079 123 45 67', country_code: 'CH' } });
    expect(res.status).toBe(200);
    expectReferenceShape('POST', '/api/v1/public/phone/parse', res);
    expect(res.body.data).toMatchObject({ valid: true, formatted: '+41791234567', country_code: 'CH', country_name: 'Switzerland', line_type: 'mobile' });
  });

  it('validates: an invalid but parsable number is valid=false, garbage is 400, unknown country 404', async () => {
    const invalid = await api('/api/v1/public/phone/validate', { method: 'POST', json: { phone: '+41 12 345' } });
    expect(invalid.status).toBe(200);
    expectReferenceShape('POST', '/api/v1/public/phone/validate', invalid);
    expect(invalid.body.data.valid).toBe(false);
    const garbage = await api('/api/v1/public/phone/validate', { method: 'POST', json: { phone: 'not a phone' } });
    expectError(garbage, 400, 'VALIDATION_ERROR');
    expect(garbage.body.message).toMatch(/phone/i);
    expectError(await api('/api/v1/public/phone/validate', { method: 'POST', json: { phone: '0791234567', country_code: 'ZZ' } }), 404);
    expectError(await api('/api/v1/public/phone/validate', { method: 'POST', json: { country_code: 'CH' } }), 400, 'VALIDATION_ERROR');
  });

  it('formats in each supported format', async () => {
    const expected = { 'E.164': '+41791234567', INTERNATIONAL: '+41 79 123 45 67', NATIONAL: '079 123 45 67', RFC3966: 'tel:+41791234567' };
    for (const [format, formatted] of Object.entries(expected)) {
      const res = await api('/api/v1/public/phone/format', { method: 'POST', json: { phone: '+41791234567', format } });
      expectReferenceShape('POST', '/api/v1/public/phone/format', res);
      expect(res.body.data.formatted).toBe(formatted);
    }
    expectError(await api('/api/v1/public/phone/format', { method: 'POST', json: { phone: '+41791234567', format: 'FANCY' } }), 400);
  });

  it('detects the region of an international number', async () => {
    const res = await api('/api/v1/public/phone/region', { method: 'POST', json: { phone: '+1 787 555 0100' } });
    expectReferenceShape('POST', '/api/v1/public/phone/region', res);
    expect(res.body.data.country_code).toBe('PR');
    expectError(await api('/api/v1/public/phone/region', { method: 'POST', json: { phone: '0791234567' } }), 400);
  });

  it('gives calling codes and the supported countries', async () => {
    const cc = await api('/api/v1/public/phone/calling-code/th');
    expectReferenceShape('GET', '/api/v1/public/phone/calling-code/{countryCode}', cc);
    expect(cc.body.data).toMatchObject({ formatted: '+66', country_code: 'TH', country_name: 'Thailand' });
    expectError(await api('/api/v1/public/phone/calling-code/QQ'), 404);
    const all = await api('/api/v1/public/phone/countries');
    expectReferenceShape('GET', '/api/v1/public/phone/countries', all);
    const codes = all.body.data.country_code.split(',');
    expect(codes.length).toBeGreaterThan(200);
    expect(codes).toContain('CH');
    expect(all.body.data.formatted.split(',')[codes.indexOf('CH')]).toBe('+41');
  });
});
