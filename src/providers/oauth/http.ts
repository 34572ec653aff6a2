// Every call to a provider goes through here: a hard timeout, one JSON log line with its
// latency and outcome, and unreachable/slow providers turned into 503s.
import { ApiError } from '../../lib/errors';
import type { OAuthProvider } from './types';

export interface CallContext {
  provider: OAuthProvider;
  operation: string;
  timeoutMs: number;
  requestId?: string | null;
}

export function logProviderCall(ctx: CallContext, status: number | null, started: number, error: string | null) {
  console.log(
    JSON.stringify({
      level: error ? 'warn' : 'info',
      msg: 'provider call',
      requestId: ctx.requestId ?? null,
      provider: ctx.provider,
      operation: ctx.operation,
      status,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      error,
    }),
  );
}

/**
 * fetch + read the whole body as text within `timeoutMs`. Network failures and timeouts throw
 * SERVICE_UNAVAILABLE; HTTP errors are returned for the caller to interpret (and logged).
 */
export async function providerFetch(
  ctx: CallContext,
  url: string,
  init: RequestInit = {},
): Promise<{ status: number; headers: Headers; text: string }> {
  const started = performance.now();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ctx.timeoutMs);
  try {
    const res = await fetch(url, { ...init, signal: controller.signal, redirect: 'manual' });
    const text = await res.text();
    logProviderCall(ctx, res.status, started, res.ok ? null : `HTTP ${res.status}`);
    return { status: res.status, headers: res.headers, text };
  } catch (err) {
    const timedOut = controller.signal.aborted;
    const reason = timedOut ? `timed out after ${ctx.timeoutMs} ms` : err instanceof Error ? err.message : String(err);
    logProviderCall(ctx, null, started, reason);
    throw new ApiError(
      'SERVICE_UNAVAILABLE',
      `${ctx.provider} could not be reached (${ctx.operation}): ${timedOut ? reason : 'connection failed'}`,
      {
        provider: ctx.provider,
        operation: ctx.operation,
      },
    );
  } finally {
    clearTimeout(timer);
  }
}

export function parseJson(text: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
