// Every outbound provider call goes through here: timed, and logged as one JSON line that an
// integration control plane can later ingest (latency, status, error). Recipients and bodies are
// never logged: they carry codes and links.
import { ProviderError } from './types';

export interface ProviderCallRecord {
  msg: 'provider call';
  level: 'info' | 'warn';
  provider: string;
  operation: string;
  /** HTTP status, or null when no response arrived (network error, missing configuration). */
  status: number | null;
  durationMs: number;
  error: string | null;
}

/** Runs `call` (one HTTP exchange returning its status), timing and logging it. Rethrows failures. */
export async function providerCall<T>(
  provider: string,
  operation: string,
  call: () => Promise<{ status: number; value: T }>,
): Promise<T> {
  const started = performance.now();
  const log = (status: number | null, error: string | null) => {
    const record: ProviderCallRecord = {
      msg: 'provider call',
      level: error ? 'warn' : 'info',
      provider,
      operation,
      status,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      error,
    };
    console.log(JSON.stringify(record));
  };
  try {
    const { status, value } = await call();
    log(status, null);
    return value;
  } catch (err) {
    const status = err instanceof ProviderError ? err.status : null;
    log(status, err instanceof Error ? err.message : String(err));
    if (err instanceof ProviderError) throw err;
    // fetch itself failed (DNS, connection refused, reset): worth another try later.
    throw new ProviderError(`${provider} unreachable: ${err instanceof Error ? err.message : String(err)}`, true);
  }
}

/** Reads a response body as JSON, or undefined when it is empty or not JSON. */
export async function jsonOrUndefined(res: Response): Promise<any> {
  const text = await res.text();
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Upper bound for one provider request. The outbox holds the message's row lock while sending, so a
 * hung provider must not hold it forever; a timeout counts as retryable like any network error.
 */
export const PROVIDER_TIMEOUT_MS = 10_000;

/** Joins an origin (with or without trailing slash) and a path. */
export const joinUrl = (base: string, path: string) => base.replace(/\/+$/, '') + path;
