// The documented JSON Schema subset of `schemaDefinition` (checked on create, change and import),
// its normal form (what is stored) and the validator that checks entity settings against it.
//
// Subset: `{ properties: { <name>: <property> }, required?: [<name>] }`. A property is an object
// with `type` (string | number | integer | boolean | array | object) and only these keywords:
//   every type: title, description, default (must itself be valid), enum (values of the type)
//   string: minLength, maxLength, pattern (ECMAScript, `u` flag), format (FORMATS)
//   number, integer: minimum, maximum
//   array: items (a property), minItems, maxItems
//   object: properties, required (naming its properties), additionalProperties (boolean)
// Property names start with a letter (letters, digits, `_`, `-`, at most 64); nesting at most
// MAX_DEPTH levels, MAX_NODES properties in all. Anything else is a 422 naming the path.
import { Validator } from '@cfworker/json-schema';
import { ApiError } from '../../../lib/errors';
import type { SchemaDefinition } from './type-definitions.model';

export const PROPERTY_TYPES = ['string', 'number', 'integer', 'boolean', 'array', 'object'] as const;
export const FORMATS = ['date', 'time', 'date-time', 'duration', 'email', 'uri', 'url', 'uuid', 'hostname', 'ipv4', 'ipv6'] as const;
const COMMON = ['type', 'title', 'description', 'default', 'enum'];
const BY_TYPE: Record<string, string[]> = {
  string: ['minLength', 'maxLength', 'pattern', 'format'],
  number: ['minimum', 'maximum'],
  integer: ['minimum', 'maximum'],
  boolean: [],
  array: ['items', 'minItems', 'maxItems'],
  object: ['properties', 'required', 'additionalProperties'],
};
export const PROPERTY_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const MAX_DEPTH = 4;
const MAX_NODES = 200;
/** A group with a quantifier inside, quantified again (`(a+)+`): catastrophic backtracking. */
const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)[+*{]/;

export type Problems = Record<string, string[]>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown) => Number.isInteger(v) && (v as number) >= 0;

function ofType(type: string, v: unknown): boolean {
  switch (type) {
    case 'string': return typeof v === 'string';
    case 'number': return typeof v === 'number' && Number.isFinite(v);
    case 'integer': return Number.isInteger(v);
    case 'boolean': return typeof v === 'boolean';
    case 'array': return Array.isArray(v);
    default: return isObject(v);
  }
}

class Checker {
  problems: Problems = {};
  nodes = 0;
  add(path: string, message: string) {
    (this.problems[path] ??= []).push(message);
  }

  properties(props: unknown, required: unknown, path: string, depth: number) {
    if (!isObject(props)) return this.add(`${path}.properties`, 'must be an object of property schemas');
    for (const [name, schema] of Object.entries(props)) {
      if (!PROPERTY_NAME.test(name)) this.add(`${path}.properties.${name}`, 'property names start with a letter and hold letters, digits, _ or - (at most 64)');
      else this.property(schema, `${path}.properties.${name}`, depth);
    }
    if (required === undefined) return;
    if (!Array.isArray(required)) return this.add(`${path}.required`, 'must be an array of property names');
    required.forEach((r, i) => {
      if (typeof r !== 'string' || !Object.hasOwn(props, r)) this.add(`${path}.required.${i}`, `names no property of ${path}.properties`);
      else if (required.indexOf(r) !== i) this.add(`${path}.required.${i}`, `repeats "${r}"`);
    });
  }

  property(s: unknown, path: string, depth: number) {
    if (++this.nodes > MAX_NODES) {
      if (this.nodes === MAX_NODES + 1) this.add(path, `at most ${MAX_NODES} properties in all`);
      return;
    }
    if (depth > MAX_DEPTH) return this.add(path, `nesting deeper than ${MAX_DEPTH} levels`);
    if (!isObject(s)) return this.add(path, 'must be a property schema object');
    const type = s.type;
    if (typeof type !== 'string' || !(PROPERTY_TYPES as readonly string[]).includes(type)) return this.add(`${path}.type`, `must be one of ${PROPERTY_TYPES.join(', ')}`);
    const allowed = [...COMMON, ...BY_TYPE[type]!];
    const before = Object.keys(this.problems).length;
    for (const key of Object.keys(s)) if (!allowed.includes(key)) this.add(`${path}.${key}`, `not supported for type ${type} (supported: ${allowed.join(', ')})`);
    if (s.title !== undefined && (typeof s.title !== 'string' || s.title.length > 255)) this.add(`${path}.title`, 'must be a string of at most 255 characters');
    if (s.description !== undefined && (typeof s.description !== 'string' || s.description.length > 1000)) this.add(`${path}.description`, 'must be a string of at most 1000 characters');
    if (s.enum !== undefined) {
      const values = s.enum;
      if (!Array.isArray(values) || !values.length || values.length > 100) this.add(`${path}.enum`, 'must be an array of 1 to 100 values');
      else values.forEach((v, i) => {
        if (!ofType(type, v)) this.add(`${path}.enum.${i}`, `must be a ${type}`);
        else if (values.findIndex((w) => JSON.stringify(w) === JSON.stringify(v)) !== i) this.add(`${path}.enum.${i}`, 'repeats an earlier value');
      });
    }
    this.bounds(s, path, 'minLength', 'maxLength', isCount, 'a non-negative integer');
    this.bounds(s, path, 'minItems', 'maxItems', isCount, 'a non-negative integer');
    this.bounds(s, path, 'minimum', 'maximum', (v) => typeof v === 'number' && Number.isFinite(v), 'a number');
    if (s.pattern !== undefined) this.pattern(s.pattern, `${path}.pattern`);
    if (s.format !== undefined && !(FORMATS as readonly unknown[]).includes(s.format)) this.add(`${path}.format`, `must be one of ${FORMATS.join(', ')}`);
    if (type === 'array' && s.items !== undefined) this.property(s.items, `${path}.items`, depth + 1);
    if (type === 'object' && (s.properties !== undefined || s.required !== undefined)) this.properties(s.properties ?? {}, s.required, path, depth + 1);
    if (s.additionalProperties !== undefined && typeof s.additionalProperties !== 'boolean') this.add(`${path}.additionalProperties`, 'must be true or false');
    // The default must pass its own property's rules (checked once the rules themselves are sound).
    if (s.default !== undefined && Object.keys(this.problems).length === before) {
      const r = new Validator(s as object, '2020-12', true).validate(s.default);
      if (!r.valid) this.add(`${path}.default`, `is not valid for this property: ${r.errors.at(-1)?.error ?? 'invalid'}`);
    }
  }

  bounds(s: Record<string, unknown>, path: string, min: string, max: string, ok: (v: unknown) => boolean, what: string) {
    for (const k of [min, max]) if (s[k] !== undefined && !ok(s[k])) this.add(`${path}.${k}`, `must be ${what}`);
    if (ok(s[min]) && ok(s[max]) && (s[min] as number) > (s[max] as number)) this.add(`${path}.${min}`, `is greater than ${max}`);
  }

  pattern(p: unknown, path: string) {
    if (typeof p !== 'string' || p.length > 500) return this.add(path, 'must be a regular expression of at most 500 characters');
    try {
      new RegExp(p, 'u');
    } catch {
      return this.add(path, 'is not a valid regular expression');
    }
    if (NESTED_QUANTIFIER.test(p)) this.add(path, 'nested quantifiers (like `(a+)+`) are refused: they can take exponential time');
  }
}

/** Problems of `def` against the subset, by path (`schemaDefinition.properties.x.minLength`); empty when fine. */
export function schemaProblems(def: unknown, base = 'schemaDefinition'): Problems {
  const c = new Checker();
  if (!isObject(def)) c.add(base, 'must be an object with `properties`');
  else {
    for (const key of Object.keys(def)) if (key !== 'properties' && key !== 'required') c.add(`${base}.${key}`, 'not supported at the top level (only properties and required)');
    c.properties(def.properties, def.required, base, 1);
  }
  return c.problems;
}

export const invalidSchema = (problems: Problems) =>
  new ApiError('UNPROCESSABLE_ENTITY', `schemaDefinition is outside the supported JSON Schema subset: ${Object.keys(problems).join(', ')}`, { reason: 'INVALID_SCHEMA', fields: problems });

/**
 * The stored form of a checked schema: `required` in property order without repeats (omitted when
 * empty) and top-level titles equal to their property's name dropped, so that schema → properties[]
 * → schema gives back exactly what is stored.
 */
export function normalizeSchema(def: { properties: Record<string, unknown>; required?: string[] }): SchemaDefinition {
  const properties: SchemaDefinition['properties'] = {};
  for (const [name, raw] of Object.entries(def.properties)) {
    const { title, ...rest } = raw as Record<string, unknown>;
    properties[name] = title === undefined || title === name ? rest : { ...rest, title };
  }
  const required = Object.keys(properties).filter((n) => def.required?.includes(n));
  return required.length ? { properties, required } : { properties };
}

/** Checks and normalizes a schema (422 naming every offending path). */
export function checkedSchema(def: unknown, base?: string): SchemaDefinition {
  const problems = schemaProblems(def, base);
  if (Object.keys(problems).length) throw invalidSchema(problems);
  return normalizeSchema(def as SchemaDefinition);
}

/** The settings validator of a stored schema (a settings object with these properties). */
export const settingsValidator = (def: SchemaDefinition) => new Validator({ type: 'object', properties: def.properties, ...(def.required ? { required: def.required } : {}) }, '2020-12', false);
