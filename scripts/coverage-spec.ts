// `npm run coverage:spec`: compares the app's OpenAPI document with the API reference and prints,
// per area, how many reference endpoints exist and how many have equal request and response
// schemas. Informational: always exits 0. `--verbose` lists the differences.
import { createApp } from '../src/app.ts';
import { canonical, schemaDiff } from './lib/json-schema.ts';
import { loadSlices, loadSpec, specAvailable, type JsonSchema } from './lib/spec.ts';

const verbose = process.argv.includes('--verbose');
if (!specAvailable()) {
  console.log('API reference not found (../shared/seed/spec.json); nothing to compare.');
  process.exit(0);
}

const app = createApp();
const res = await app.request('/openapi.json', {}, { APP_VERSION: 'coverage', REQUEST_LOG: 'false' } as never);
const doc = (await res.json()) as {
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: JsonSchema }> }; responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }> }>>;
  components?: { schemas?: Record<string, JsonSchema> };
};
const components = doc.components?.schemas ?? {};

/** Inlines `$ref`s to components so both sides can be compared structurally. */
function deref(s: unknown): unknown {
  if (Array.isArray(s)) return s.map(deref);
  if (!s || typeof s !== 'object') return s;
  const ref = (s as { $ref?: string }).$ref;
  if (ref) return deref(components[ref.replace('#/components/schemas/', '')]);
  return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, deref(v)]));
}

const spec = loadSpec();
const reference = new Map(spec.endpoints.map((e) => [`${e.method} ${e.path}`, e]));
const errorSchema = spec.schemas.StandardErrorResponse.schema;

const BODY_ADDITIONS = new Set(['maxLength']);
let present = 0;
let equal = 0;
const rows: string[] = [];
for (const [area, keys] of loadSlices()) {
  let areaPresent = 0;
  let areaEqual = 0;
  const problems: string[] = [];
  for (const key of keys) {
    const [method, path] = key.split(' ') as [string, string];
    const op = doc.paths[path]?.[method.toLowerCase()];
    if (!op) continue;
    areaPresent++;
    const ref = reference.get(key)!;
    const diffs: string[] = [];
    const body = op.requestBody?.content?.['application/json']?.schema;
    // Request strings the reference leaves unbounded carry our field maximum (src/lib/field-limits.ts).
    if (ref.requestBody) diffs.push(...schemaDiff(ref.requestBody, deref(body), 'body', BODY_ADDITIONS));
    else if (body) diffs.push('body: the reference has none');
    for (const [status, r] of Object.entries(ref.responses)) {
      const mine = op.responses[status]?.content?.['application/json']?.schema;
      if (!op.responses[status]) diffs.push(`${status}: missing`);
      else if (r.schema) diffs.push(...schemaDiff(r.schema, deref(mine), String(status)));
      else if (r.ref === 'StandardErrorResponse' && JSON.stringify(canonical(deref(mine))) !== JSON.stringify(canonical(errorSchema))) {
        diffs.push(`${status}: not StandardErrorResponse`);
      }
    }
    if (diffs.length === 0) areaEqual++;
    else problems.push(`    ${key}\n${diffs.slice(0, 8).map((d) => `      ${d}`).join('\n')}`);
  }
  present += areaPresent;
  equal += areaEqual;
  rows.push(`${area.padEnd(13)} ${String(areaPresent).padStart(3)}/${String(keys.length).padEnd(3)} present  ${String(areaEqual).padStart(3)} equal schemas`);
  if (verbose && problems.length) rows.push(...problems);
}
const total = [...loadSlices().values()].reduce((n, k) => n + k.length, 0);
console.log(rows.join('\n'));
console.log(`equal schemas ${equal}/${total}`);
console.log(`routes ${present}/${total}`);
