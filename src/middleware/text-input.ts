// Refuses the NUL character (U+0000) anywhere in a request's path, query string or JSON body
// (keys and values): Postgres text cannot hold it, so it would otherwise fail as a 500 deep in
// whichever route stored it. One check for every route, answered like a schema violation.
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';
import { fieldPath, invalidFields } from '../lib/validation';

const NUL = '\u0000';
const MESSAGE = 'Must not contain the NUL character (\\u0000)';
const JSON_TYPE = /^application\/([\w.+-]+\+)?json\b/i;
/** A key that itself holds NUL is named with the character escaped. */
const printable = (key: string) => key.replaceAll(NUL, '\\u0000');

/** Paths (as segments) of every key or string value in `value` that contains NUL. */
function nulPaths(value: unknown, path: string[] = [], out: string[][] = []): string[][] {
  if (typeof value === 'string') {
    if (value.includes(NUL)) out.push(path);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => nulPaths(v, [...path, String(i)], out));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes(NUL)) out.push([...path, printable(k)]);
      else nulPaths(v, [...path, k], out);
    }
  }
  return out;
}

const refuse = (location: string, paths: string[][]) =>
  invalidFields(location, Object.fromEntries(paths.map((p) => [fieldPath(p), [MESSAGE]])));

export const refuseNul = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const url = new URL(c.req.url);
    if (/%00/.test(url.pathname)) throw refuse('path', [['(path)']]);
    if (url.search.includes('%00') || url.search.includes(NUL)) {
      const bad = [...url.searchParams].filter(([k, v]) => k.includes(NUL) || v.includes(NUL)).map(([k]) => [printable(k)]);
      if (bad.length) throw refuse('query', bad);
    }
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && JSON_TYPE.test(c.req.header('content-type') ?? '')) {
      // Read as text (Hono caches it): later readers still get the bytes as sent (idempotency hashes them).
      const text = await c.req.text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined; // malformed or empty JSON: the route's validator answers it
      }
      const bad = nulPaths(body);
      if (bad.length) throw refuse('body', bad);
    }
    await next();
  });
