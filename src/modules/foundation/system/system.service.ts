// System health and information. Both always probe the database (one `select 1`), answering
// within HEALTH_TIMEOUT_MS even when it is down.
import type { BaseContext } from '../../../context';
import { withTimeout } from '../../../lib/time';
import * as q from './system.queries';

const startedAt = Date.now();
const HEALTH_TIMEOUT_MS = 3000;

export interface ServiceHealth {
  status: 'healthy' | 'unhealthy';
  message: string;
  responseTime: number;
  timestamp: string;
}

const ms = (since: number) => Math.round((performance.now() - since) * 100) / 100;

export async function checkDatabase(ctx: BaseContext): Promise<ServiceHealth> {
  const started = performance.now();
  try {
    await withTimeout(q.ping(ctx), HEALTH_TIMEOUT_MS, () => new Error('timeout'));
    return { status: 'healthy', message: 'Postgres reachable', responseTime: ms(started), timestamp: new Date().toISOString() };
  } catch (err) {
    const why = err instanceof Error && err.message === 'timeout' ? `no answer within ${HEALTH_TIMEOUT_MS} ms` : 'connection failed';
    return { status: 'unhealthy', message: `Postgres unreachable: ${why}`, responseTime: ms(started), timestamp: new Date().toISOString() };
  }
}

/** The deployed version (APP_VERSION as major.minor.build) and its build date (else this isolate's start). */
export function version(ctx: BaseContext) {
  const full = ctx.env.APP_VERSION ?? '0.0.0';
  const [major = 0, minor = 0, build = 0] = full.split('.').map((n) => Number.parseInt(n, 10) || 0);
  return { version: full, major, minor, build, buildDate: ctx.env.BUILD_DATE ?? new Date(startedAt).toISOString() };
}

/** Seconds since this isolate started. */
export const uptime = () => Math.round((Date.now() - startedAt) / 1000);
