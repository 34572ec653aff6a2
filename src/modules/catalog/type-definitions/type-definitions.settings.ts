// Settings validation for every area whose entities carry `settings` and a `typeDefinitionId`
// (users now; spaces, resources and calendars when those areas land), and the list of "in use"
// checks that keeps a referenced type from being deleted.
import type { Validator } from '@cfworker/json-schema';
import type { ServiceContext } from '../../../context';
import { ApiError } from '../../../lib/errors';
import type { AppliesTo, TypeRow } from './type-definitions.model';
import * as q from './type-definitions.queries';
import { settingsValidator } from './type-definitions.schema';

// ---- in use ---------------------------------------------------------------------------------

/** How many entities of one kind use a type (an area's query, in the caller's transaction). */
export type TypeUsage = (ctx: ServiceContext, typeDefinitionId: string) => Promise<number>;
const usages = new Map<string, TypeUsage>([['users', q.usersWithType]]);

/** Another area (spaces, resources, calendars) adds the query that counts its entities of a type. */
export function registerTypeDefinitionUsage(entity: string, usage: TypeUsage): void {
  usages.set(entity, usage);
}

/** Entities using the type, by kind (only kinds with at least one). */
export async function typeUsage(ctx: ServiceContext, id: string): Promise<Record<string, number>> {
  const counts = await Promise.all([...usages].map(async ([entity, count]) => [entity, await count(ctx, id)] as const));
  return Object.fromEntries(counts.filter(([, n]) => n > 0));
}

// ---- validation -----------------------------------------------------------------------------

/** Compiled validators per type version (id + updatedAt): a changed schema compiles anew. */
const compiled = new Map<string, Validator>();
const CACHE_MAX = 500;

function validatorOf(t: TypeRow): Validator {
  const key = `${t.id}:${t.updatedAt.getTime()}`;
  let v = compiled.get(key);
  if (!v) {
    if (compiled.size >= CACHE_MAX) compiled.delete(compiled.keys().next().value!);
    compiled.set(key, (v = settingsValidator(t.schemaDefinition)));
  }
  return v;
}

const invalid = (message: string, reason: string, extra: Record<string, unknown> = {}) => new ApiError('UNPROCESSABLE_ENTITY', message, { reason, ...extra });

/** `#/a/0/b` → `settings.a.0.b`; a missing required property is named by its own path. */
function settingsPath(instanceLocation: string, keyword: string, error: string): string {
  const parts = instanceLocation.replace(/^#\/?/, '').split('/').filter(Boolean).map((p) => decodeURIComponent(p).replace(/~1/g, '/').replace(/~0/g, '~'));
  const missing = keyword === 'required' ? /"([^"]+)"/.exec(error)?.[1] : undefined;
  return ['settings', ...parts, ...(missing ? [missing] : [])].join('.');
}

export interface SettingsCheck {
  appliesTo: AppliesTo;
  typeDefinitionId: string;
  settings: Record<string, unknown>;
}

/**
 * Checks `settings` against the type `typeDefinitionId` (run in the transaction that writes them):
 * the type must be the tenant's or a platform one (422 TYPE_NOT_FOUND), active (TYPE_INACTIVE),
 * for this kind of entity (TYPE_NOT_APPLICABLE), and the settings must validate (SETTINGS_INVALID,
 * `details.fields` naming each failing path). A tenant's type is share-locked until the
 * transaction ends, so a concurrent delete waits and then sees it in use.
 */
export async function validateSettings(ctx: ServiceContext, check: SettingsCheck): Promise<TypeRow> {
  const t = (await q.lockOwn(ctx, check.typeDefinitionId, 'key share')) ?? (await q.findVisible(ctx, check.typeDefinitionId));
  if (!t) throw invalid('typeDefinitionId names no type definition of this tenant', 'TYPE_NOT_FOUND', { fields: { typeDefinitionId: ['Unknown type definition'] } });
  if (!t.isActive) throw invalid(`Type definition "${t.name}" is inactive`, 'TYPE_INACTIVE', { fields: { typeDefinitionId: ['Inactive type definition'] } });
  if (t.appliesTo !== check.appliesTo) {
    throw invalid(`Type definition "${t.name}" applies to ${t.appliesTo}, not ${check.appliesTo}`, 'TYPE_NOT_APPLICABLE', { fields: { typeDefinitionId: [`Applies to ${t.appliesTo}`] } });
  }
  const result = validatorOf(t).validate(check.settings);
  if (!result.valid) {
    const fields: Record<string, string[]> = {};
    // `properties` / `items` only wrap the errors of what they contain.
    for (const e of result.errors) if (e.keyword !== 'properties' && e.keyword !== 'items') (fields[settingsPath(e.instanceLocation, e.keyword, e.error)] ??= []).push(e.error);
    throw invalid(`settings do not match type definition "${t.name}": ${Object.keys(fields).join(', ')}`, 'SETTINGS_INVALID', { typeDefinition: t.name, fields });
  }
  return t;
}

type StoredSettings = { typeDefinitionId: string | null; settings: Record<string, unknown> } | null;

/**
 * What an entity's write means for its settings: validates when either changes and a type
 * applies (the new one, else the current one). `current` is the stored entity (null on create),
 * or a loader called only when the change leaves something to it.
 */
export async function validateSettingsChange(
  ctx: ServiceContext,
  appliesTo: AppliesTo,
  current: StoredSettings | (() => Promise<StoredSettings>),
  change: { typeDefinitionId?: string | null; settings?: Record<string, unknown> | null },
): Promise<void> {
  if (change.typeDefinitionId === undefined && change.settings === undefined) return;
  let loaded: Promise<StoredSettings> | undefined;
  const stored = () => (loaded ??= typeof current === 'function' ? current() : Promise.resolve(current));
  const typeDefinitionId = change.typeDefinitionId === undefined ? ((await stored())?.typeDefinitionId ?? null) : change.typeDefinitionId;
  if (!typeDefinitionId) return;
  const settings = change.settings ?? (await stored())?.settings ?? {};
  await validateSettings(ctx, { appliesTo, typeDefinitionId, settings });
}
