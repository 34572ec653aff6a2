// The translation interface: what the language sync job calls to translate a tenant's texts into a
// newly added language. Providers (DeepL, Google, an LLM…) are adapters the integrations area
// registers; which one runs is chosen by `TRANSLATION_PROVIDER`. With none configured, or an unknown
// name, `translator(env)` answers why, and the job records that as its error instead of pretending.
import type { Env } from '../context';

export interface TranslationRequest {
  /** ISO 639-1 code of the texts as stored (the tenant's default language). */
  from: string;
  /** ISO 639-1 code to translate into. */
  to: string;
  texts: string[];
}

export interface Translator {
  readonly name: string;
  /** The translations, in the order of `texts`. Throws on provider errors (the job records them). */
  translate(req: TranslationRequest): Promise<string[]>;
}

export type TranslatorFactory = (env: Env) => Translator;

const factories = new Map<string, TranslatorFactory>();

/** Lets a provider adapter be chosen by `TRANSLATION_PROVIDER=<name>`. */
export function registerTranslator(name: string, factory: TranslatorFactory): void {
  factories.set(name.toLowerCase(), factory);
}

export type TranslatorChoice = { ok: true; translator: Translator } | { ok: false; code: 'TRANSLATION_PROVIDER_NOT_CONFIGURED' | 'TRANSLATION_PROVIDER_UNKNOWN'; message: string };

export function translator(env: Env): TranslatorChoice {
  const name = env.TRANSLATION_PROVIDER?.trim().toLowerCase();
  if (!name) return { ok: false, code: 'TRANSLATION_PROVIDER_NOT_CONFIGURED', message: 'No translation provider is configured (set TRANSLATION_PROVIDER)' };
  const factory = factories.get(name);
  if (!factory) {
    const known = [...factories.keys()];
    return { ok: false, code: 'TRANSLATION_PROVIDER_UNKNOWN', message: `Unknown translation provider "${name}" (available: ${known.length ? known.join(', ') : 'none'})` };
  }
  return { ok: true, translator: factory(env) };
}
