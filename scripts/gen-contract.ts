// Generates src/contract/<area>.ts: the request and response zod schemas of every endpoint of the
// API reference (../shared/seed/spec.json), one file per area of ../shared/seed/slices/.
// Routes import these so their OpenAPI document equals the reference by construction.
// Run: npm run gen:contract (only when the reference changes; the output is committed).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fieldMax } from '../src/lib/field-limits.ts';
import { loadSlices, loadSpec, type JsonSchema, type SpecEndpoint } from './lib/spec.ts';

const outDir = new URL('../src/contract/', import.meta.url).pathname;

export function exportName(method: string, path: string): string {
  const parts = path
    .replace(/^\/api\/v1\//, '')
    .split('/')
    .filter(Boolean)
    .map((p) => {
      if (p === '{*}') return 'ByPath';
      const param = /^\{(.+)\}$/.exec(p);
      const word = param ? 'By-' + param[1] : p;
      return word
        .split(/[-_.]/)
        .filter(Boolean)
        .map((w) => w[0]!.toUpperCase() + w.slice(1))
        .join('');
    });
  return method.toLowerCase() + parts.join('');
}

const lit = (v: unknown) => JSON.stringify(v);

/**
 * Emits zod source for a JSON schema. `input` marks request schemas (defaults are applied there);
 * `field` is the property name the schema belongs to (for its length limit).
 */
function zod(s: JsonSchema | undefined, input: boolean, field?: string): string {
  if (!s || Object.keys(s).length === 0) return 'z.unknown()';
  let nullable = s.nullable === true;
  let base: JsonSchema = s;
  let types = Array.isArray(s.type) ? [...s.type] : s.type ? [s.type] : [];
  if (types.includes('null') && types.length > 1) {
    nullable = true;
    types = types.filter((t) => t !== 'null');
  }
  const variants = (s.anyOf ?? s.oneOf) as JsonSchema[] | undefined;
  if (variants) {
    const nonNull = variants.filter((v) => v.type !== 'null');
    if (nonNull.length < variants.length) nullable = true;
    const rest = { ...s };
    delete rest.anyOf;
    delete rest.oneOf;
    if (nonNull.length === 1) {
      base = { ...rest, ...nonNull[0], description: s.description ?? nonNull[0]!.description };
      types = Array.isArray(base.type) ? base.type : base.type ? [base.type] : [];
    } else {
      const inner = `z.union([${nonNull.map((v) => zod(v, input, field)).join(', ')}])`;
      return finish(inner, s, nullable, input);
    }
  }
  let out: string;
  const type = types.length === 1 ? types[0] : undefined;
  if (types.length > 1) {
    out = `z.union([${types.map((t) => zod({ ...base, type: t, nullable: false, description: undefined }, input, field)).join(', ')}])`;
  } else if (base.enum && (type === 'string' || type === undefined)) {
    const values = (base.enum as unknown[]).filter((v) => v !== null);
    if (values.length < (base.enum as unknown[]).length) nullable = true;
    out = `z.enum(${lit(values)})`;
  } else if (type === 'string') {
    out = stringZod(base, input, field);
  } else if (type === 'number' || type === 'integer') {
    out = type === 'integer' ? 'z.int()' : 'z.number()';
    if (base.enum) out = `z.union([${(base.enum as number[]).map((v) => `z.literal(${v})`).join(', ')}])`;
    if (typeof base.minimum === 'number') out += `.min(${base.minimum})`;
    if (typeof base.maximum === 'number') out += `.max(${base.maximum})`;
  } else if (type === 'boolean') {
    out = 'z.boolean()';
  } else if (type === 'null') {
    out = 'z.null()';
  } else if (type === 'array') {
    out = `z.array(${zod(base.items as JsonSchema, input, field)})`;
    if (typeof base.minItems === 'number') out += `.min(${base.minItems})`;
    if (typeof base.maxItems === 'number') out += `.max(${base.maxItems})`;
  } else if (type === 'object' || base.properties) {
    out = objectZod(base, input);
  } else {
    out = 'z.unknown()';
  }
  return finish(out, base, nullable, input);
}

/** Formats whose values have a bounded length of their own. */
const FIXED_LENGTH_FORMATS = new Set(['uuid', 'date-time', 'date', 'ipv4', 'ipv6', 'binary']);

function stringZod(s: JsonSchema, input: boolean, field: string | undefined): string {
  let out: string;
  switch (s.format) {
    case 'uuid': out = 'z.uuid()'; break;
    case 'date-time': out = 'z.iso.datetime({ offset: true })'; break;
    case 'date': out = 'z.iso.date()'; break;
    case 'email': out = 'z.email()'; break;
    case 'uri': out = 'z.url()'; break;
    // zod-openapi writes both as format `ip`: the reference says which.
    case 'ipv4': out = `z.ipv4().openapi({ format: 'ipv4' })`; break;
    case 'ipv6': out = `z.ipv6().openapi({ format: 'ipv6' })`; break;
    default: out = 'z.string()';
  }
  if (typeof s.minLength === 'number') out += `.min(${s.minLength})`;
  if (typeof s.maxLength === 'number') out += `.max(${s.maxLength})`;
  // Request strings the reference leaves unbounded get the one maximum their field has everywhere.
  else if (input && !FIXED_LENGTH_FORMATS.has(s.format as string)) out += `.max(${fieldMax(field, s.format as string | undefined)})`;
  // The document carries the reference's pattern as written (a RegExp's source escapes `/`).
  if (typeof s.pattern === 'string') out += `.regex(new RegExp(${lit(s.pattern)}))${s.pattern.includes('/') ? `.openapi({ pattern: ${lit(s.pattern)} })` : ''}`;
  if (s.format === 'binary') out += `.openapi({ format: 'binary' })`;
  return out;
}

function objectZod(s: JsonSchema, input: boolean): string {
  const props = (s.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((s.required as string[] | undefined) ?? []);
  const keys = Object.keys(props);
  const ap = s.additionalProperties;
  if (keys.length === 0) {
    if (ap === false) return 'z.strictObject({})';
    const value = ap && typeof ap === 'object' ? zod(ap as JsonSchema, input) : 'z.unknown()';
    return `z.record(z.string(), ${value})`;
  }
  const fields = keys
    .map((k) => {
      // A property the reference both requires and gives a default stays required (as documented).
      const own = input && required.has(k) && props[k]!.default !== undefined ? { ...props[k]!, default: undefined } : props[k]!;
      let f = zod(own, input, k);
      if (!required.has(k) && !(input && props[k]!.default !== undefined)) f += '.optional()';
      // zod treats an unknown value as optional; a required one must stay required in the document.
      else if (required.has(k) && f === 'z.unknown()') f += '.nonoptional()';
      return `${lit(k)}: ${f}`;
    })
    .join(', ');
  if (ap === false) return `z.strictObject({ ${fields} })`;
  if (ap === true) return `z.looseObject({ ${fields} })`;
  if (ap && typeof ap === 'object') return `z.object({ ${fields} }).catchall(${zod(ap as JsonSchema, input)})`;
  return `z.object({ ${fields} })`;
}

function finish(out: string, s: JsonSchema, nullable: boolean, input: boolean): string {
  if (nullable) out += '.nullable()';
  if (input && s.default !== undefined) out += `.default(${lit(s.default)})`;
  const meta: Record<string, unknown> = {};
  if (typeof s.description === 'string') meta.description = s.description;
  if (s.example !== undefined) meta.example = s.example;
  if (!input && s.default !== undefined) meta.default = s.default;
  if (Object.keys(meta).length) out += `.openapi(${lit(meta)})`;
  return out;
}

function endpointSource(e: SpecEndpoint): string {
  const name = exportName(e.method, e.path);
  const ok = Object.entries(e.responses).filter(([, r]) => r.schema);
  const empty = Object.entries(e.responses)
    .filter(([status, r]) => status.startsWith('2') && !r.schema)
    .map(([status]) => Number(status));
  const errors = Object.entries(e.responses)
    .filter(([, r]) => r.ref === 'StandardErrorResponse')
    .map(([status]) => Number(status));
  const lines = [
    `/** ${e.method} ${e.path}${e.summary ? ` — ${e.summary.replace(/\*\//g, '')}` : ''} */`,
    `export const ${name} = {`,
    `  method: ${lit(e.method.toLowerCase())},`,
    `  path: ${lit(e.path)},`,
    `  summary: ${lit(e.summary ?? '')},`,
    `  description: ${lit(e.description ?? '')},`,
    `  tags: ${lit(e.tags ?? [])},`,
  ];
  if (e.requestBody) lines.push(`  body: ${zod(e.requestBody, true)},`);
  lines.push(`  responses: {`);
  for (const [status, r] of ok) lines.push(`    ${status}: ${zod(r.schema, false)},`);
  lines.push(`  },`);
  if (empty.length) lines.push(`  noContent: ${lit(empty)},`);
  lines.push(`  errors: ${lit(errors)},`, `} as const;`, '');
  return lines.join('\n');
}

function main() {
  const spec = loadSpec();
  const byKey = new Map(spec.endpoints.map((e) => [`${e.method} ${e.path}`, e]));
  for (const [area, keyList] of loadSlices()) {

    const keys = keyList.map((k) => k.split(' '));
    const parts = [
      `// Generated by scripts/gen-contract.ts from the API reference (${area} area). Do not edit by hand.`,
      `import { z } from '@hono/zod-openapi';`,
      '',
    ];
    for (const [method, path] of keys) {
      const e = byKey.get(`${method} ${path}`);
      if (!e) throw new Error(`slice ${area} names an unknown endpoint ${method} ${path}`);
      parts.push(endpointSource(e));
    }
    writeFileSync(join(outDir, `${area}.ts`), parts.join('\n'));
    console.log(`src/contract/${area}.ts: ${keys.length} endpoints`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
