// Platform-wide security settings: created with the defaults on first read; a change names only
// known settings with whole numbers (the reference's schema checks the ranges) and applies to this
// isolate's blacklist at once.
import type { BaseContext, ServiceContext } from '../../../../context';
import { invalid } from '../common';
import { noteEnabled } from '../ip-blacklist/ip-blacklist.cache';
import { GLOBAL_FIELDS, type GlobalConfigPatch, type GlobalConfigRow, type GlobalField } from './system-config.model';
import * as q from './system-config.queries';

export async function getGlobalConfig(ctx: BaseContext): Promise<GlobalConfigRow> {
  const row = await q.selectGlobal(ctx);
  if (row) return row;
  await q.insertDefaults(ctx);
  return (await q.selectGlobal(ctx))!;
}

/** 400 for settings the platform does not have or numbers that are not whole (`raw`: the body as sent). */
export function checkRawPatch(raw: Record<string, unknown>): void {
  const fields: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (!(k in GLOBAL_FIELDS)) fields[k] = ['unknown setting'];
    else if (typeof v === 'number' && !Number.isInteger(v)) fields[k] = ['must be a whole number'];
  }
  if (Object.keys(fields).length) throw invalid('body', fields);
}

export async function updateGlobalConfig(ctx: ServiceContext, userId: string, patch: GlobalConfigPatch): Promise<GlobalConfigRow> {
  await getGlobalConfig(ctx);
  const set: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(patch)) {
    if (value !== undefined && field in GLOBAL_FIELDS) set[GLOBAL_FIELDS[field as GlobalField]] = value;
  }
  const row = await q.updateGlobal(ctx, set as Partial<GlobalConfigRow>, userId);
  noteEnabled(row.ipBlacklistEnabled);
  return row;
}
