// Checks of a space's input and of who may change it, shared by create, PATCH, the link routes and
// the import: each throws the ApiError clients tell apart by `details.reason`.
import type { Principal } from '../../../context';
import { ApiError } from '../../../lib/errors';
import type { Caller, PromotionInput, SpaceInput, SpaceRow, SpaceTranslations } from './spaces.model';

const LOCALE = /^[a-z]{2}(-[A-Z]{2})?$/;

/** The caller as the queries see it, once loaded. */
export const callerOf = (p: Principal): Caller => ({ userId: p.kind === 'user' ? p.userId : undefined, writesAll: p.permissions.has('spaces:write') });

/**
 * Reads sent before the caller was loaded derive `spaces:write` in SQL from a person's role and
 * groups; API keys and app accounts take theirs from a permission object, so their read is redone.
 */
export const earlyReadHolds = (p: Principal): boolean => p.kind === 'user' && p.actorType === 'user';

const invalid = (message: string, reason: string, fields?: Record<string, string[]>) => new ApiError('UNPROCESSABLE_ENTITY', message, { reason, ...(fields && { fields }) });

/** Translations are keyed by locale and never repeat the base language. */
export function checkTranslations(t: SpaceTranslations | null | undefined, base: string): void {
  if (!t) return;
  const fields: Record<string, string[]> = {};
  for (const [locale, v] of Object.entries(t)) {
    if (!LOCALE.test(locale)) fields[`translations_i18n.${locale}`] = ['Keys are language codes such as de or de-CH'];
    else if (locale === base) fields[`translations_i18n.${locale}`] = [`${locale} is the base language: give it as name/description`];
    else if (!v.name.trim()) fields[`translations_i18n.${locale}.name`] = ['Must not be empty'];
  }
  if (Object.keys(fields).length) throw invalid(`Invalid translations: ${Object.keys(fields).join(', ')}`, 'INVALID_TRANSLATIONS', fields);
}

/** `system` spaces belong to the platform: nobody gives or changes them through the API. */
export function checkTypeAndStatus(body: SpaceInput): void {
  if (body.type === 'system') throw invalid('type system is reserved for the platform', 'SYSTEM_TYPE_RESERVED', { type: ['Use default or custom'] });
  if (body.status === 'pending') throw invalid('pending is set by the approval workflow only', 'PENDING_RESERVED', { status: ['pending is set by approvals'] });
  if (body.name !== undefined && body.name.trim().length < 2) throw invalid('name needs at least 2 visible characters', 'NAME_BLANK', { name: ['At least 2 characters'] });
}

/** The space may be changed by this caller (PATCH's rule, which `manageable` mirrors). */
export function assertManageable(row: SpaceRow, manageable: boolean): void {
  if (row.type === 'system') throw new ApiError('FORBIDDEN', 'System spaces are read-only', { reason: 'SYSTEM_SPACE_READ_ONLY' });
  if (!manageable) throw new ApiError('FORBIDDEN', 'You may not change this space', { reason: 'SPACE_NOT_MANAGEABLE' });
}

/** A pending space keeps its status while its approval request is open. */
export function checkStatusChange(row: SpaceRow, body: SpaceInput): void {
  if (row.status === 'pending' && row.approvalRequestId && body.status !== undefined) {
    throw new ApiError('CONFLICT', 'The space awaits approval: its status changes when the request is decided', { reason: 'APPROVAL_PENDING', approvalRequestId: row.approvalRequestId });
  }
}

export function checkPromotion(p: PromotionInput): void {
  if (p.promotionStartDate && p.promotionEndDate && Date.parse(p.promotionStartDate) >= Date.parse(p.promotionEndDate)) {
    throw invalid('promotionEndDate must be after promotionStartDate', 'INVALID_PROMOTION_WINDOW', { promotionEndDate: ['Must be after promotionStartDate'] });
  }
}

export const spaceNotFound = (id: string) => new ApiError('NOT_FOUND', 'Space not found', { reason: 'space_not_found', spaceId: id });
