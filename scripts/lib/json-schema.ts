// The reference writes OpenAPI 3.0 dialect (`nullable: true`); these helpers turn it into plain
// JSON Schema for validators, and into a canonical form for comparing two schemas.
import type { JsonSchema } from './spec.ts';

/** OpenAPI 3.0 schema → JSON Schema 2020-12 (nullable becomes a null type or a null branch). */
export function toJsonSchema(s: unknown): unknown {
  if (Array.isArray(s)) return s.map(toJsonSchema);
  if (!s || typeof s !== 'object') return s;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s as JsonSchema)) {
    if (k === 'nullable' || k === 'example' || k === 'notes') continue;
    if (k === 'properties' || k === 'patternProperties') {
      out[k] = Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([p, ps]) => [p, toJsonSchema(ps)]));
    } else if (k === 'format' && v === 'binary') {
      continue;
    } else out[k] = toJsonSchema(v);
  }
  if ((s as JsonSchema).nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    if (!out.type && out.anyOf) out.anyOf = [...(out.anyOf as unknown[]), { type: 'null' }];
  }
  return out;
}

const IGNORED = new Set(['description', 'example', 'examples', 'notes', 'title', 'default', '$schema', 'deprecated', 'readOnly', 'writeOnly']);
const SAFE = 9007199254740991;

/**
 * Canonical form for equality: nullability folded into a sorted type list, `anyOf [X, null]`
 * folded into X, documentation keywords dropped, `additionalProperties` absent/true/{} equal.
 */
export function canonical(input: unknown): unknown {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return input;
  let s = { ...(input as JsonSchema) };
  let nullable = s.nullable === true;
  delete s.nullable;
  const variants = s.anyOf ?? s.oneOf;
  if (variants) {
    const rest = variants.filter((v) => !(v && v.type === 'null' && Object.keys(v).length <= 2));
    if (rest.length < variants.length) nullable = true;
    delete s.anyOf;
    delete s.oneOf;
    if (rest.length === 1) s = { ...s, ...(rest[0] as JsonSchema) };
    else s.anyOf = rest;
    if ((s as JsonSchema).nullable) {
      nullable = true;
      delete s.nullable;
    }
  }
  if (s.const !== undefined && !s.enum) {
    s.enum = [s.const];
    delete s.const;
  }
  const out: Record<string, unknown> = {};
  let types = Array.isArray(s.type) ? [...s.type] : s.type ? [s.type] : [];
  if (types.includes('null') && types.length > 1) nullable = true;
  types = types.filter((t) => t !== 'null' || types.length === 1);
  if (types.length) out.type = [...new Set([...types, ...(nullable ? ['null'] : [])])].sort();
  else if (nullable) out.nullable = true;
  for (const [k, v] of Object.entries(s)) {
    if (IGNORED.has(k) || k === 'type') continue;
    if (k === 'properties') {
      if (!Object.keys(v as object).length) continue; // `properties: {}` says nothing
      out.properties = Object.fromEntries(
        Object.entries(v as Record<string, unknown>)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([p, ps]) => [p, canonical(ps)]),
      );
    } else if (k === 'required') {
      if ((v as string[]).length) out.required = [...(v as string[])].sort();
    } else if (k === 'enum') {
      out.enum = [...(v as unknown[])].filter((x) => x !== null).map(String).sort();
    } else if (k === 'additionalProperties') {
      if (v === false) out.additionalProperties = false;
      else if (v && typeof v === 'object' && Object.keys(v).length) out.additionalProperties = canonical(v);
    } else if ((k === 'minimum' && v === -SAFE) || (k === 'maximum' && v === SAFE)) {
      continue;
    } else if (k === 'items') {
      out.items = canonical(v);
    } else if (k === 'anyOf') {
      out.anyOf = (v as unknown[]).map(canonical).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    } else out[k] = v;
  }
  return out;
}

/**
 * Differences between two schemas after canonicalization, as JSON paths (empty when equal).
 * `added`: keywords `actual` may carry where `expected` has none (a stricter but compatible schema).
 */
export function schemaDiff(expected: unknown, actual: unknown, path = '$', added: ReadonlySet<string> = new Set()): string[] {
  const a = canonical(expected);
  const b = canonical(actual);
  return diff(a, b, path, added);
}

function diff(a: unknown, b: unknown, path: string, added: ReadonlySet<string>): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) || Array.isArray(b)) {
    return [`${path}: expected ${JSON.stringify(a)?.slice(0, 80)}, got ${JSON.stringify(b)?.slice(0, 80)}`];
  }
  const out: string[] = [];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const av = (a as Record<string, unknown>)[k];
    const bv = (b as Record<string, unknown>)[k];
    if (k === 'properties' || k === 'items' || k === 'additionalProperties') {
      if (k === 'properties' && av && bv) {
        for (const p of new Set([...Object.keys(av as object), ...Object.keys(bv as object)])) {
          out.push(...diff((av as Record<string, unknown>)[p], (bv as Record<string, unknown>)[p], `${path}.${p}`, added));
        }
        continue;
      }
      out.push(...diff(av, bv, `${path}[${k}]`, added));
    } else if (k === 'anyOf' && Array.isArray(av) && Array.isArray(bv) && av.length === bv.length) {
      // Variants are sorted (canonical): compared pairwise, so a variant may be stricter as anywhere else.
      av.forEach((v, i) => out.push(...diff(v, bv[i], `${path}.anyOf[${i}]`, added)));
    } else if (av === undefined && added.has(k)) {
      continue;
    } else if (JSON.stringify(av) !== JSON.stringify(bv)) {
      out.push(`${path} ${k}: expected ${JSON.stringify(av)?.slice(0, 80)}, got ${JSON.stringify(bv)?.slice(0, 80)}`);
    }
  }
  return out;
}
