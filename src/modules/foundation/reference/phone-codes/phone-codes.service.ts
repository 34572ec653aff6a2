// Calling codes of every country, and the reverse lookup: which countries a dialing code (or a
// longer number prefix) belongs to.
import type { BaseContext } from '../../../../context';
import { ApiError, notFound } from '../../../../lib/errors';
import type { PhoneCodeRow } from './phone-codes.model';
import { phoneCodeRows } from './phone-codes.queries';

const digits = (s: string) => s.replace(/^00/, '').replace(/\D/g, '');

/**
 * How many leading digits of `wanted` this country's code accounts for; 0 when it does not match.
 * `+1` matches every NANP country; `+1787` only Puerto Rico (root 1, suffix 787).
 */
function matchLength(row: PhoneCodeRow, wanted: string): number {
  const root = digits(row.iddRoot);
  if (!wanted.startsWith(root)) return 0;
  if (wanted === root || !row.iddSuffixes?.length) return root.length;
  const suffix = row.iddSuffixes.filter((s) => wanted.startsWith(root + s)).sort((a, b) => b.length - a.length)[0];
  return suffix === undefined ? 0 : root.length + suffix.length;
}

export const listPhoneCodes = (ctx: BaseContext) => phoneCodeRows(ctx);

/** The countries whose code matches most of `code` (`+41`, `41`, `0041`, `+1787`); none: empty. */
export async function searchPhoneCodes(ctx: BaseContext, code: string): Promise<PhoneCodeRow[]> {
  const wanted = digits(code);
  if (!wanted) throw new ApiError('VALIDATION_ERROR', 'code must contain digits', { fields: { code: ['no digits'] } });
  const rows = await phoneCodeRows(ctx);
  const scored = rows.map((row) => ({ row, score: matchLength(row, wanted) })).filter((x) => x.score > 0);
  const best = Math.max(0, ...scored.map((x) => x.score));
  return scored.filter((x) => x.score === best).map((x) => x.row);
}

export async function getPhoneCode(ctx: BaseContext, iso: string): Promise<PhoneCodeRow> {
  const row = (await phoneCodeRows(ctx)).find((r) => r.countryCode === iso);
  if (!row) throw notFound(`Country ${iso}`);
  return row;
}
