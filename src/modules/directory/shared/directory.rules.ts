// Checks spaces and resources share: translations, promotion windows, promotion and visit-metric
// changes, who the caller is (each throws the ApiError clients tell apart by `details.reason`).
import type { Principal } from '../../../context';
import { ApiError } from '../../../lib/errors';
import type { Permission } from '../../../lib/permissions';
import type { Caller, PromotionInput, Translations, VisitColumns } from './directory.model';

const LOCALE = /^[a-z]{2}(-[A-Z]{2})?$/;

export const invalid = (message: string, reason: string, fields?: Record<string, string[]>) => new ApiError('UNPROCESSABLE_ENTITY', message, { reason, ...(fields && { fields }) });

/** Translations are keyed by locale and never repeat the base language. */
export function checkTranslations(t: Translations | null | undefined, base: string, field = 'translations_i18n'): void {
  if (!t) return;
  const fields: Record<string, string[]> = {};
  for (const [locale, v] of Object.entries(t)) {
    if (!LOCALE.test(locale)) fields[`${field}.${locale}`] = ['Keys are language codes such as de or de-CH'];
    else if (locale === base) fields[`${field}.${locale}`] = [`${locale} is the base language: give it as name/description`];
    else if (!v.name.trim()) fields[`${field}.${locale}.name`] = ['Must not be empty'];
  }
  if (Object.keys(fields).length) throw invalid(`Invalid translations: ${Object.keys(fields).join(', ')}`, 'INVALID_TRANSLATIONS', fields);
}

export function checkPromotion(p: PromotionInput): void {
  if (p.promotionStartDate && p.promotionEndDate && Date.parse(p.promotionStartDate) >= Date.parse(p.promotionEndDate)) {
    throw invalid('promotionEndDate must be after promotionStartDate', 'INVALID_PROMOTION_WINDOW', { promotionEndDate: ['Must be after promotionStartDate'] });
  }
}

/** The columns a promotion change sets (`None` clears rank and window). */
export function promotionSet(body: PromotionInput) {
  const none = body.promotionType === 'None';
  const at = (v: string | null | undefined) => (none || !v ? null : new Date(v));
  return { promotionType: body.promotionType, promotionRank: none ? null : (body.promotionRank ?? null), promotionStartDate: at(body.promotionStartDate), promotionEndDate: at(body.promotionEndDate) };
}

/** The columns a visit-metrics reset sets: zero, and who reset when and why. */
export const resetSet = (p: Principal, reason: string | null) => ({
  totalVisits: 0,
  lastVisitedAt: null,
  lastVisitedByActorType: null,
  lastVisitedByActorId: null,
  lastResetAt: new Date(),
  lastResetByActorType: p.actorType,
  lastResetByActorId: p.actorId,
  lastResetReason: reason,
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The reference's VisitSummary. */
export function toVisitMetrics(r: VisitColumns) {
  return {
    entityId: r.id,
    totalVisits: r.totalVisits,
    lastVisitedAt: iso(r.lastVisitedAt),
    lastVisitedByActorType: r.lastVisitedByActorType,
    lastVisitedByActorId: r.lastVisitedByActorId,
    lastResetAt: iso(r.lastResetAt),
    lastResetByActorType: r.lastResetByActorType,
    lastResetByActorId: r.lastResetByActorId,
    lastResetReason: r.lastResetReason,
  };
}

/** The caller as the queries see it, once loaded (`write`: the type's tenant-wide write permission). */
export const callerWith = (write: Permission) => (p: Principal): Caller => ({ userId: p.kind === 'user' ? p.userId : undefined, writesAll: p.permissions.has(write) });

/**
 * Reads sent before the caller was loaded derive the write permission in SQL from a person's role
 * and groups; API keys and app accounts take theirs from a permission object, so their read is redone.
 */
export const earlyReadHolds = (p: Principal): boolean => p.kind === 'user' && p.actorType === 'user';
