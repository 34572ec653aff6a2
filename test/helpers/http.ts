// Calls the Worker in workerd as a client would: a Request through its fetch handler, with the
// test environment's bindings and an execution context. The handler is called in place rather than
// through the pool's self binding (`exports.default.fetch`): that path keeps every call's context
// alive for the whole file, so each call cost more than the one before (in one file, the 1st took
// 5 ms, the 500th 183 ms, the 1,500th 1.4 s; the shared security suite's 1,457 tests took 18 min).
import { createExecutionContext, env } from 'cloudflare:test';
import worker from '../../src/index';
import type { Env } from '../../src/env';
import { expect, inject } from 'vitest';
import { Validator } from '@cfworker/json-schema';

const BASE = 'http://api.test';

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** The Worker's raw Response to `request` (downloads, images, other hosts). */
export function fetchWorker(request: Request): Promise<Response> {
  // After-response work (waitUntil) runs on after the answer, as in production; nothing waits for it.
  return Promise.resolve(worker.fetch(request, env as unknown as Env, createExecutionContext()));
}

/** A GET's raw Response, body unread (file downloads, images). */
export const download = (path: string, headers: Record<string, string> = {}) => fetchWorker(new Request(BASE + path, { headers }));

export async function api<T = any>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<ApiResponse<T>> {
  const headers = new Headers(init.headers);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(init.json);
  }
  const res = await fetchWorker(new Request(BASE + path, { ...init, headers, body }));
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: res.status, headers: res.headers, body: parsed as T };
}

const validators = new Map<string, Validator>();

/** Asserts a response body validates against the reference's schema for that endpoint and status. */
export function expectReferenceShape(method: string, path: string, res: ApiResponse) {
  const key = `${method} ${path} ${res.status}`;
  const schemas = inject('referenceSchemas');
  const schema = schemas[key];
  if (!schema) throw new Error(`the reference has no schema for ${key}`);
  let v = validators.get(key);
  if (!v) validators.set(key, (v = new Validator(schema as object, '2020-12', false)));
  const result = v.validate(res.body);
  expect(result.errors.map((e) => `${e.instanceLocation}: ${e.error}`)).toEqual([]);
}

/** Asserts a StandardErrorResponse with the given status and error code. */
export function expectError(res: ApiResponse, status: number, code?: string) {
  expect(res.status).toBe(status);
  const schema = inject('referenceSchemas').error;
  const result = new Validator(schema as object, '2020-12', false).validate(res.body);
  expect(result.errors.map((e) => `${e.instanceLocation}: ${e.error}`)).toEqual([]);
  expect(res.body.statusCode).toBe(status);
  expect(res.body.requestId).toBe(res.headers.get('x-request-id'));
  if (code) expect(res.body.error).toBe(code);
}

/**
 * Round trips to the database of one request, as Server-Timing reports them (`db;desc="N queries in
 * M round trips"`, `db-connect;desc="K round trips"` when a WebSocket connection was opened).
 */
export function roundTrips(res: ApiResponse): { roundTrips: number; connect: number } {
  const h = res.headers.get('server-timing') ?? '';
  const db = /(?:^|,\s*)db;dur=[\d.]+;desc="\d+ queries in (\d+) round trips"/.exec(h);
  const connect = /db-connect;dur=[\d.]+;desc="(\d+) round trips"/.exec(h);
  return { roundTrips: db ? Number(db[1]) : 0, connect: connect ? Number(connect[1]) : 0 };
}
